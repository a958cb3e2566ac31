// Expense approval (STANDARD, JSONPath): a human-in-the-loop flow on a task token. The approver
// is notified through SNS with `.waitForTaskToken` (the token travels in a message attribute) and
// the execution waits until the approver's app answers it with SendTaskSuccess (the decision),
// or the review window (TimeoutSecondsPath) runs out: States.Timeout, caught to the escalation
// path. An approved expense waits for its payout window (Wait TimestampPath) before the payout is
// scheduled. Executions therefore stay RUNNING for minutes of emulated time, as real approvals do.
import { type DemoEnv, LAMBDA_INVOKE, SNS_PUBLISH, SNS_PUBLISH_WAIT_FOR_TOKEN, demoRoleArn, lambdaInvokeTarget, snsTopicArn } from '../demo-env.ts';
import { FN } from '../functions.ts';
import { lambdaServiceRetry } from './retriers.ts';
import type { DemoWorkflow } from './types.ts';

export const EXPENSE_APPROVAL = 'expense-approval';

export function expenseApproval(env: DemoEnv): DemoWorkflow {
  const definition = {
    Comment: 'Request approval and wait for the approver to answer the task token, escalate when the review window runs out',
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
          'reviewWindowSeconds.$': '$.Payload.reviewWindowSeconds',
        },
        ResultPath: '$.approval',
        Retry: [lambdaServiceRetry()],
        Next: 'WaitForApproval',
      },
      WaitForApproval: {
        Type: 'Task',
        Resource: SNS_PUBLISH_WAIT_FOR_TOKEN,
        Parameters: {
          TopicArn: snsTopicArn(env, 'expense-approvals'),
          'Message.$': "States.Format('{} requests approval of {} {} ({}). Request {}.', $.employee.name, $.amount, $.currency, $.category, $.approval.requestId)",
          'Subject.$': "States.Format('Expense {} awaiting your approval', $.expenseId)",
          MessageAttributes: {
            TaskToken: { DataType: 'String', 'StringValue.$': '$$.Task.Token' },
            Approver: { DataType: 'String', 'StringValue.$': '$.approval.approver' },
          },
        },
        TimeoutSecondsPath: '$.approval.reviewWindowSeconds',
        ResultSelector: { 'status.$': '$.status', 'reviewer.$': '$.reviewer', 'comment.$': '$.comment' },
        ResultPath: '$.decision',
        Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'EscalateTimeout' }],
        Next: 'IsApproved',
      },
      IsApproved: {
        Type: 'Choice',
        Choices: [{ Variable: '$.decision.status', StringEquals: 'APPROVED', Next: 'WaitForPayoutWindow' }],
        Default: 'NotifyRejection',
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
          'Message.$': "States.Format('Expense {} had no decision from {} within {} s; escalating.', $.expenseId, $.approval.approver, $.approval.reviewWindowSeconds)",
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
    description: 'Human approval on a task token (.waitForTaskToken) with a review-window timeout path',
    definition,
    roleArn: demoRoleArn(env, EXPENSE_APPROVAL, 'b5n8r1tx'),
  };
}
