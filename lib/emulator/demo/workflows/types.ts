export type StateMachineType = 'STANDARD' | 'EXPRESS';

/** CreateStateMachine's loggingConfiguration, as the API takes it. */
export interface LoggingConfiguration {
  level: 'ALL' | 'ERROR' | 'FATAL' | 'OFF';
  includeExecutionData: boolean;
  destinations: { cloudWatchLogsLogGroup: { logGroupArn: string } }[];
}

/** One demo state machine, ready for CreateStateMachine. */
export interface DemoWorkflow {
  name: string;
  type: StateMachineType;
  description: string;
  /** Parsed ASL; JSON.stringify it for CreateStateMachine. */
  definition: Record<string, unknown>;
  roleArn: string;
  loggingConfiguration?: LoggingConfiguration;
}
