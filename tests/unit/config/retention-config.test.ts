// The "retention" section of steplens.config.json: validated with the file (one line naming the
// field), defaults filled in, overrides merged with the defaults field by field.
import { describe, expect, it } from 'vitest';
import { ConfigError, RETENTION_DEFAULTS, parseConfig } from '../../../lib/config/index.ts';

const FILE = 'steplens.config.json';
const SOURCES = '"sources":[{"kind":"endpoint","endpoint":"http://127.0.0.1:8083"}]';
const withRetention = (retention: string) => `{${SOURCES},"retention":${retention}}`;

function errorOf(text: string): string {
  try {
    parseConfig(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('no error');
}

describe('the "retention" section', () => {
  it('gives the settings, overrides merged with the defaults field by field', () => {
    const config = parseConfig(
      withRetention('{"eventsDays":30,"keepNewest":1000,"stateMachines":{"Orders":{"eventsDays":7},"arn:aws:states:us-east-1:123456789012:stateMachine:Audit":{"eventsDays":null,"keepNewest":null}},"batchExecutions":50,"intervalMs":60000}'),
      FILE,
    );
    expect(config.retention).toEqual({
      defaults: { eventsDays: 30, keepNewest: 1000 },
      stateMachines: {
        Orders: { eventsDays: 7, keepNewest: 1000 },
        'arn:aws:states:us-east-1:123456789012:stateMachine:Audit': { eventsDays: null, keepNewest: null },
      },
      batchExecutions: 50,
      batchEvents: RETENTION_DEFAULTS.batchEvents,
      intervalMs: 60_000,
      pauseMs: RETENTION_DEFAULTS.pauseMs,
    });
    expect(parseConfig(withRetention('{"keepNewest":5}'), FILE).retention).toMatchObject({ defaults: { eventsDays: null, keepNewest: 5 }, stateMachines: {}, intervalMs: RETENTION_DEFAULTS.intervalMs });
    // No section: events are kept forever.
    expect(parseConfig(`{${SOURCES}}`, FILE).retention).toBeNull();
  });

  it('refuses bad values with one line naming the field', () => {
    expect(errorOf(withRetention('{"eventsDays":0}'))).toBe('steplens.config.json: retention.eventsDays: must be a number of days > 0');
    expect(errorOf(withRetention('{"eventsDays":"30"}'))).toBe('steplens.config.json: retention.eventsDays: Invalid input: expected number, received string');
    expect(errorOf(withRetention('{"keepNewest":2.5}'))).toBe('steplens.config.json: retention.keepNewest: must be a whole number');
    expect(errorOf(withRetention('{"keepNewest":0}'))).toBe('steplens.config.json: retention.keepNewest: must be at least 1');
    expect(errorOf(withRetention('{}'))).toBe('steplens.config.json: retention: set eventsDays, keepNewest or stateMachines (an empty section prunes nothing)');
    expect(errorOf(withRetention('{"eventsDays":30,"stateMachines":{"Orders":{}}}'))).toBe('steplens.config.json: retention.stateMachines.Orders: set eventsDays or keepNewest (null switches a rule off)');
    expect(errorOf(withRetention('{"eventsDays":30,"stateMachines":{"Orders":{"days":3}}}'))).toBe('steplens.config.json: retention.stateMachines.Orders: unknown field "days"');
    expect(errorOf(withRetention('{"eventsDays":30,"stateMachines":{"no spaces":{"eventsDays":3}}}'))).toBe('steplens.config.json: retention.stateMachines.no spaces: a state machine name or ARN');
    expect(errorOf(withRetention('{"eventsDays":30,"intervalMs":10}'))).toBe('steplens.config.json: retention.intervalMs: must be at least 1000 ms');
    expect(errorOf(withRetention('{"eventDays":30}'))).toBe('steplens.config.json: retention: unknown field "eventDays"');
  });
});
