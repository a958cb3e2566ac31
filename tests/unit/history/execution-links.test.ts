// executionLinks over recorded AWS histories (their masked ARNs given a partition, Region and
// account) and over hand-made events for the started-by input convention.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeExecution, executionLinks, parseHistory, startedBy, STARTED_BY_INPUT_KEY } from '../../../lib/history/index.ts';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/aws-histories');

function linksOf(file: string) {
  const text = readFileSync(path.join(corpus, file), 'utf8')
    .replaceAll('<partition>', 'aws')
    .replaceAll('<region>', 'us-east-1')
    .replaceAll('<secondary_test_aws_account_id>', '222222222222');
  const parsed = parseHistory(JSON.parse(text));
  const analysis = analyzeExecution(parsed.events, parsed.definition !== undefined && parsed.definition !== null ? { definition: parsed.definition } : {});
  return { links: executionLinks(parsed.events, analysis), analysis };
}

describe('executionLinks', () => {
  it('names the Map Run a Distributed Map started, under the Map state’s run', () => {
    const { links, analysis } = linksOf('scenarios.test_base_scenarios__TestBaseScenarios.test_map_state_config_distributed_parameters__0.json');
    expect(links).toEqual([
      { kind: 'MAP_RUN', targetArn: 'arn:aws:states:us-east-1:111111111111:mapRun:<ArnPart_0idx>/<MapRunArnPart0_0idx>:<MapRunArnPart1_0idx>', stateName: 'MapState', runIndex: expect.any(Number), eventId: 4 },
    ]);
    expect(analysis.runs[links[0]?.runIndex as number]?.stateType).toBe('Map');
  });

  it('names the execution a startExecution.sync task started, once, from TaskSubmitted', () => {
    const { links, analysis } = linksOf('test_credentials_base__TestCredentialsBase.test_cross_account_states_start_sync_execution-SFN_START_EXECUTION_SYNC_ROLE_ARN_PATH__0.json');
    expect(links).toEqual([
      { kind: 'STARTED_EXECUTION', targetArn: 'arn:aws:states:us-east-1:222222222222:execution:<ArnPart_0idx>:TestTaskTargetWithCredentials', stateName: 'StartExecution', runIndex: 0, eventId: 5 },
    ]);
    expect(analysis.runs[0]?.stateName).toBe('StartExecution');
  });

  it('names the parent an input carries under AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID, and nothing else', () => {
    const parent = 'arn:aws:states:us-east-1:123456789012:execution:Parent:run-1';
    const events = parseHistory({
      events: [
        { id: 1, previousEventId: 0, type: 'ExecutionStarted', timestamp: 1_700_000_000, executionStartedEventDetails: { input: JSON.stringify({ [STARTED_BY_INPUT_KEY]: parent, x: 1 }) } },
        { id: 2, previousEventId: 1, type: 'ExecutionSucceeded', timestamp: 1_700_000_001, executionSucceededEventDetails: { output: '{}' } },
      ],
    }).events;
    expect(executionLinks(events, analyzeExecution(events))).toEqual([{ kind: 'STARTED_BY', targetArn: parent, stateName: null, runIndex: null, eventId: 1 }]);
    expect(startedBy({ [STARTED_BY_INPUT_KEY]: 'not an ARN' })).toBeNull();
    expect(startedBy('[1,2]')).toBeNull();
    expect(startedBy(JSON.stringify({ nested: { [STARTED_BY_INPUT_KEY]: parent } }))).toBeNull();
  });

  it('finds nothing in a history without Map Runs or child executions', () => {
    expect(linksOf('scenarios.test_base_scenarios__TestBaseScenarios.test_catch_empty__0.json').links).toEqual([]);
  });
});
