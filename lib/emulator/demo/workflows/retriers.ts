// Retry policies shared by the workflows.

/**
 * The retrier the console's Workflow Studio adds to every lambda:invoke state: Lambda's own
 * transient service errors (not the function's errors) retried with jittered backoff.
 */
export function lambdaServiceRetry(): Record<string, unknown> {
  return {
    ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'],
    IntervalSeconds: 1,
    MaxAttempts: 3,
    BackoffRate: 2,
    JitterStrategy: 'FULL',
  };
}
