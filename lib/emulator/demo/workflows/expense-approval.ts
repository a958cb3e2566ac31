// Expense approval (STANDARD, JSONPath): a human-in-the-loop flow built from Wait and Choice.
// The approver is notified, then the workflow polls the decision every `pollIntervalSeconds`
// (Wait SecondsPath) up to `maxPolls` times; past that it takes the timeout path. An approved
// expense waits for its payout window (Wait TimestampPath) before the payout is scheduled.
// Executions therefore stay RUNNING for minutes of emulated time, as real approvals do.
import { type DemoEnv, LAMBDA_INVOKE, SNS_PUBLISH, demoRoleArn, lambdaInvokeTarget, snsTopicArn } from '../demo-env.ts';
import { FN } from '../functions.ts';
import { lambdaServiceRetry } from './retriers.ts';
import type { DemoWorkflow } from './types.ts';

export const EXPENSE_APPROVAL = 'expense-approval';

export function expenseApproval(env: DemoEnv): DemoWorkflow {
  const definition = {
    Comment: 'Request approval, poll for the decision with Wait, time out after maxPolls',
    StartAt: 'CreateApprovalRequest',
    States: {
      CreateApprovalRequest: {
        Type: 'Task',
        Resource: LAMBDA_INVOKE,
        Parameters: {
          FunctionName: lambdaInvokeTarget(env, FN.approvalCreate),
          Payload: { 'expense.$': '$', 'executionId.$': '$$.Execution.Id' },
        },
        ResultSelector: {
          'requestId.$': '$.Payload.requestId',
          'approver.$': '$.Payload.approver',
          'pollIntervalSeconds.$': '$.Payload.pollIntervalSeconds',
          'maxPolls.$': '$.Payload.maxPolls',
        },
        ResultPath: '$.approval',
        Retry: [lambdaServiceRetry()],
        Next: 'NotifyApprover',
      },
      NotifyApprover: {
        Type: 'Task',
        Resource: SNS_PUBLISH,
        Parameters: {
          TopicArn: snsTopicArn(env, 'expense-approvals'),
          'Message.$': "States.Format('{} requests approval of {} {} ({}). Request {}.', $.employee.name, $.amount, $.currency, $.category, $.approval.requestId)",
          'Subject.$': "States.Format('Expense {} awaiting your approval', $.expenseId)",
        },
        ResultPath: null,
        Next: 'StartPolling',
      },
      StartPolling: { Type: 'Pass', Result: { count: 0 }, ResultPath: '$.polls', Next: 'WaitForReview' },
      WaitForReview: { Type: 'Wait', SecondsPath: '$.approval.pollIntervalSeconds', Next: 'GetDecision' },
      GetDecision: {
        Type: 'Task',
        Resource: LAMBDA_INVOKE,
        Parameters: {
          FunctionName: lambdaInvokeTarget(env, FN.approvalDecision),
          Payload: { 'requestId.$': '$.approval.requestId', 'expenseId.$': '$.expenseId' },
        },
        ResultSelector: { 'status.$': '$.Payload.status', 'reviewer.$': '$.Payload.reviewer', 'comment.$': '$.Payload.comment' },
        ResultPath: '$.decision',
        Retry: [lambdaServiceRetry()],
        Next: 'CountPoll',
      },
      CountPoll: {
        Type: 'Pass',
        Parameters: { 'count.$': 'States.MathAdd($.polls.count, 1)' },
        ResultPath: '$.polls',
        Next: 'IsDecided',
      },
      IsDecided: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.decision.status', StringEquals: 'APPROVED', Next: 'WaitForPayoutWindow' },
          { Variable: '$.decision.status', StringEquals: 'REJECTED', Next: 'NotifyRejection' },
          {
            And: [
              { Variable: '$.decision.status', StringEquals: 'PENDING' },
              { Variable: '$.polls.count', NumericGreaterThanEqualsPath: '$.approval.maxPolls' },
            ],
            Next: 'EscalateTimeout',
          },
        ],
        Default: 'WaitForReview',
      },
      WaitForPayoutWindow: { Type: 'Wait', TimestampPath: '$.payoutNotBefore', Next: 'SchedulePayout' },
      SchedulePayout: {
        Type: 'Task',
        Resource: LAMBDA_INVOKE,
        Parameters: {
          FunctionName: lambdaInvokeTarget(env, FN.schedulePayout),
          Payload: { 'expenseId.$': '$.expenseId', 'employeeId.$': '$.employee.id', 'amount.$': '$.amount', 'currency.$': '$.currency' },
        },
        ResultSelector: { 'payoutId.$': '$.Payload.payoutId', 'scheduledFor.$': '$.Payload.scheduledFor' },
        ResultPath: '$.payout',
        Retry: [lambdaServiceRetry()],
        End: true,
      },
      NotifyRejection: {
        Type: 'Task',
        Resource: SNS_PUBLISH,
        Parameters: {
          TopicArn: snsTopicArn(env, 'expense-approvals'),
          'Message.$': "States.Format('Expense {} was rejected by {}: {}', $.expenseId, $.decision.reviewer, $.decision.comment)",
        },
        ResultPath: null,
        Next: 'Rejected',
      },
      Rejected: { Type: 'Succeed' },
      EscalateTimeout: {
        Type: 'Task',
        Resource: SNS_PUBLISH,
        Parameters: {
          TopicArn: snsTopicArn(env, 'expense-approvals'),
          'Message.$': "States.Format('Expense {} had no decision from {} after {} checks; escalating.', $.expenseId, $.approval.approver, $.polls.count)",
        },
        ResultPath: null,
        Next: 'ApprovalTimedOut',
      },
      ApprovalTimedOut: { Type: 'Fail', Error: 'Approval.TimedOut', Cause: 'No decision was recorded within the review window.' },
    },
  };

  return {
    name: EXPENSE_APPROVAL,
    type: 'STANDARD',
    description: 'Human approval with Wait/Choice polling and a timeout path',
    definition,
    roleArn: demoRoleArn(env, EXPENSE_APPROVAL, 'b5n8r1tx'),
  };
}
