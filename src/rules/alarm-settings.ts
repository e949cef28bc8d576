// Interim: the simulator reads the model through this path until it imports it directly.
export { settingsOfAlarmProperties } from '../model/alarm-settings';
