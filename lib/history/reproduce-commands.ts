// The commands that run a test case (test-case.ts) outside StepLens, on Step Functions Local or
// on `steplens emulator` (DESIGN.md §2.10). Both answer on port 8083 with account 123456789012,
// so one set of AWS CLI calls serves both; the execution is started on `<stateMachineArn>#<case>`,
// which is how either picks the test case's mocked responses. Pure: strings only.

/** The file names the commands read (the downloads are saved under these names, in one folder). */
export const TEST_CASE_FILES = {
  mockConfig: 'MockConfigFile.json',
  definition: 'definition.json',
  input: 'input.json',
} as const;

/** Region and account both emulators use for the ARNs they make. */
const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const ENDPOINT = 'http://127.0.0.1:8083';

export interface ReproduceCommands {
  /** Starts Step Functions Local (its Docker image) with the mock config. */
  stepFunctionsLocal: string;
  /** Starts StepLens's emulator with the mock config. */
  steplensEmulator: string;
  /** Then, against either: create the state machine, start the test case, print its history. */
  run: string[];
}

/** A word for a POSIX shell: as it is when it has nothing the shell would read, else single-quoted. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./#-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** AWS's longest execution name. */
const NAME_LIMIT = 80;

export function reproduceCommands(stateMachineName: string, testCaseName: string): ReproduceCommands {
  const executionName = `${testCaseName.slice(0, NAME_LIMIT - '-replay'.length)}-replay`;
  const stateMachineArn = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${stateMachineName}`;
  const aws = `aws --endpoint-url ${ENDPOINT} --region ${REGION} stepfunctions`;
  const container = '/home/StepFunctionsLocal/MockConfigFile.json';
  return {
    stepFunctionsLocal: `docker run -p 8083:8083 --mount type=bind,readonly,source="$PWD/${TEST_CASE_FILES.mockConfig}",destination=${container} -e SFN_MOCK_CONFIG=${container} amazon/aws-stepfunctions-local`,
    steplensEmulator: `steplens emulator --mock-config ${TEST_CASE_FILES.mockConfig}`,
    run: [
      `${aws} create-state-machine --name ${shellWord(stateMachineName)} --definition file://${TEST_CASE_FILES.definition} --role-arn arn:aws:iam::${ACCOUNT}:role/DummyRole`,
      `${aws} start-execution --state-machine-arn ${shellWord(`${stateMachineArn}#${testCaseName}`)} --name ${shellWord(executionName)} --input file://${TEST_CASE_FILES.input}`,
      `${aws} get-execution-history --execution-arn ${shellWord(`arn:aws:states:${REGION}:${ACCOUNT}:execution:${stateMachineName}:${executionName}`)}`,
    ],
  };
}
