// What kind of task a Resource ARN is, which decides the event family AWS writes:
// optimized/SDK integrations (arn:aws:states:::service:action[.sync|.waitForTaskToken]) → Task*,
// a bare Lambda function ARN (legacy style) → LambdaFunction*, an activity ARN → Activity*.

export type TaskFamily = 'Task' | 'LambdaFunction' | 'Activity';

export interface TaskResource {
  family: TaskFamily;
  /** Task*: e.g. "lambda", "aws-sdk:s3"; empty for the other families. */
  resourceType: string;
  /** Task*: e.g. "invoke", "sendMessage.waitForTaskToken"; else the full ARN. */
  resource: string;
  pattern: 'request-response' | 'sync' | 'callback';
}

export function parseResource(arn: string): TaskResource {
  const pattern = /\.waitForTaskToken$/.test(arn) ? 'callback' : /\.sync(:\d+)?$/.test(arn) ? 'sync' : 'request-response';
  const integration = /^arn:[^:]+:states:::(.+)$/.exec(arn);
  if (integration) {
    const rest = integration[1] as string;
    const cut = rest.lastIndexOf(':', rest.search(/\.(sync|waitForTaskToken)/) >= 0 ? rest.search(/\.(sync|waitForTaskToken)/) : rest.length);
    return cut < 0
      ? { family: 'Task', resourceType: rest, resource: rest, pattern }
      : { family: 'Task', resourceType: rest.slice(0, cut), resource: rest.slice(cut + 1), pattern };
  }
  if (/^arn:[^:]+:states:[^:]*:[^:]*:activity:/.test(arn)) return { family: 'Activity', resourceType: '', resource: arn, pattern };
  if (/^arn:[^:]+:lambda:/.test(arn)) return { family: 'LambdaFunction', resourceType: '', resource: arn, pattern };
  // Anything else (placeholders such as "_tbd_") is treated as an integration named as written.
  return { family: 'Task', resourceType: 'unknown', resource: arn, pattern };
}
