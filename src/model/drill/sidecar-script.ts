/**
 * The SSM agent sidecar's start script, written by this project from the
 * steps the FIS User Guide ("ECS task actions") documents: install its tools,
 * read the task's metadata, refuse to run next to ECS Exec's agent, create a
 * one-use activation tagged with the task's ARN and Availability Zone (FIS
 * finds the task's managed instance by its ECS_TASK_ARN tag), register and
 * run the agent, and on SIGTERM or SIGINT deregister the managed instance and
 * delete the activation, so a stopped task leaves nothing behind.
 *
 * It runs as `/bin/bash -c <script>` in the agent's image (Amazon Linux,
 * dnf). The AWS CLI calls use the task role until the agent is registered;
 * the cleanup runs with the managed instance's credentials, which the agent
 * writes on registration (hence ssm:DeleteActivation and
 * ssm:DeregisterManagedInstance on the managed-instance role, as AWS lists them).
 */
import { SSM_AGENT_SIDECAR } from './fis-actions';

const ROLE = SSM_AGENT_SIDECAR.roleNameVariable;
const TAG = SSM_AGENT_SIDECAR.taskArnTag;

/** The script's lines. */
const LINES = [
  'set -euo pipefail',
  // No '${...}' anywhere: CloudFormation's template checks (cfn-lint E1029, cdk's validateAgainstDefaultRules) take it for a Fn::Sub variable.
  `if ! printenv ${ROLE} >/dev/null; then echo "drill sidecar: ${ROLE} is not set" >&2; exit 1; fi`,
  '# ECS Exec starts its own SSM agent in every container of the task: two agents cannot share it.',
  'if pgrep -f "amazon-ssm-agent|ssm-agent-worker" >/dev/null; then',
  '  echo "drill sidecar: an SSM agent already runs in this task (ECS Exec?): turn ECS Exec off to drill it" >&2',
  '  exit 1',
  'fi',
  'dnf install -y -q jq procps awscli >/dev/null',
  'task_json="$(curl -fsS "$ECS_CONTAINER_METADATA_URI_V4/task")"',
  'task_arn="$(jq -r .TaskARN <<<"$task_json")"',
  'task_az="$(jq -r .AvailabilityZone <<<"$task_json")"',
  'region="$(cut -d: -f4 <<<"$task_arn")"',
  'activation="$(aws ssm create-activation --region "$region" --iam-role "$' + ROLE + '" --registration-limit 1 \\',
  '  --description "FIS drill sidecar of $task_arn" \\',
  `  --tags "Key=${TAG},Value=$task_arn" "Key=ECS_TASK_AVAILABILITY_ZONE,Value=$task_az" "Key=FAULT_INJECTION_SIDECAR,Value=true")"`,
  'activation_id="$(jq -r .ActivationId <<<"$activation")"',
  'activation_code="$(jq -r .ActivationCode <<<"$activation")"',
  'cleanup() {',
  '  trap - TERM INT',
  '  instance_id="$(jq -r .ManagedInstanceID /var/lib/amazon/ssm/registration 2>/dev/null || true)"',
  '  if [ -n "$instance_id" ]; then aws ssm deregister-managed-instance --region "$region" --instance-id "$instance_id" || true; fi',
  '  aws ssm delete-activation --region "$region" --activation-id "$activation_id" || true',
  '  kill "$agent_pid" 2>/dev/null || true',
  '  exit 0',
  '}',
  'amazon-ssm-agent -register -y -region "$region" -id "$activation_id" -code "$activation_code"',
  'amazon-ssm-agent &',
  'agent_pid=$!',
  'trap cleanup TERM INT',
  'wait "$agent_pid"',
];

/** The script, one command per line. */
export const SIDECAR_SCRIPT = LINES.join('\n');
