// Interim: the simulator reads the model through this path until it imports it directly.
export * from '../model/republisher/config';
