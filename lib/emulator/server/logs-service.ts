import { ApiError, decodeToken, encodeToken, optionalBoolean, optionalInt, optionalString, requiredString } from './api-error.ts';
import { ACCOUNT_ID } from './arn.ts';
import { compileFilterPattern } from './filter-pattern.ts';

/** In-memory CloudWatch Logs (Logs_20140328.*): groups, streams, events; per Region. */
interface LogEventRecord {
  timestamp: number;
  message: string;
  ingestionTime: number;
  /** Group-wide ingestion order; ties on timestamp are broken by it. */
  seq: number;
  stream: LogStreamRecord;
}

interface LogStreamRecord {
  name: string;
  creationTime: number;
  events: LogEventRecord[];
  storedBytes: number;
  lastIngestionTime?: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  sequence: number;
}

interface LogGroupRecord {
  name: string;
  region: string;
  creationTime: number;
  streams: Map<string, LogStreamRecord>;
  storedBytes: number;
  seq: number;
  retentionInDays?: number;
}

export interface LogsContext {
  region: string;
}

const notFound = (what: 'group' | 'stream'): ApiError =>
  new ApiError('ResourceNotFoundException', what === 'group' ? 'The specified log group does not exist.' : 'The specified log stream does not exist.');

const invalid = (message: string): ApiError => new ApiError('InvalidParameterException', message);

export class LogsService {
  private readonly groups = new Map<string, LogGroupRecord>();

  /** Ingestion time is the wall clock (as in AWS); event timestamps are the caller's. */
  constructor(private readonly now: () => number = Date.now) {}

  private key(region: string, name: string): string {
    return `${region}\u0000${name}`;
  }

  groupArn(region: string, name: string): string {
    return `arn:aws:logs:${region}:${ACCOUNT_ID}:log-group:${name}`;
  }

  createGroup(region: string, name: string): LogGroupRecord {
    if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name)) {
      throw invalid(`1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`);
    }
    if (this.groups.has(this.key(region, name))) throw new ApiError('ResourceAlreadyExistsException', 'The specified log group already exists');
    const group: LogGroupRecord = { name, region, creationTime: this.now(), streams: new Map(), storedBytes: 0, seq: 0 };
    this.groups.set(this.key(region, name), group);
    return group;
  }

  ensureGroup(region: string, name: string): LogGroupRecord {
    return this.groups.get(this.key(region, name)) ?? this.createGroup(region, name);
  }

  ensureStream(group: LogGroupRecord, name: string): LogStreamRecord {
    let stream = group.streams.get(name);
    if (!stream) {
      stream = { name, creationTime: this.now(), events: [], storedBytes: 0, sequence: 0 };
      group.streams.set(name, stream);
    }
    return stream;
  }

  /** Appends events (used by PutLogEvents and by the Step Functions log writer). */
  append(group: LogGroupRecord, stream: LogStreamRecord, events: { timestamp: number; message: string }[]): void {
    const ingestionTime = this.now();
    for (const { timestamp, message } of events) {
      const record: LogEventRecord = { timestamp, message, ingestionTime, seq: ++group.seq, stream };
      // Keep each stream sorted by timestamp (insertion is almost always at the end).
      let index = stream.events.length;
      while (index > 0 && (stream.events[index - 1]?.timestamp ?? 0) > timestamp) index--;
      stream.events.splice(index, 0, record);
      const bytes = Buffer.byteLength(message) + 26;
      stream.storedBytes += bytes;
      group.storedBytes += bytes;
      stream.firstEventTimestamp = Math.min(stream.firstEventTimestamp ?? timestamp, timestamp);
      stream.lastEventTimestamp = Math.max(stream.lastEventTimestamp ?? timestamp, timestamp);
    }
    stream.lastIngestionTime = ingestionTime;
    stream.sequence++;
  }

  private group(ctx: LogsContext, body: Record<string, unknown>): LogGroupRecord {
    const name = optionalString(body, 'logGroupName');
    const identifier = optionalString(body, 'logGroupIdentifier');
    if (name !== undefined && identifier !== undefined) throw invalid('LogGroupName and LogGroupIdentifier are mutually exclusive');
    let groupName = name;
    let region = ctx.region;
    if (identifier !== undefined) {
      const arn = /^arn:aws[\w-]*:logs:([^:]+):\d+:log-group:([^:]+)(?::\*)?$/.exec(identifier);
      if (arn) {
        region = arn[1] ?? region;
        groupName = arn[2];
      } else groupName = identifier;
    }
    if (groupName === undefined) throw invalid('Either logGroupName or logGroupIdentifier is required');
    const group = this.groups.get(this.key(region, groupName));
    if (!group) throw notFound('group');
    return group;
  }

  readonly operations: Record<string, (body: Record<string, unknown>, ctx: LogsContext) => unknown> = {
    CreateLogGroup: (body, ctx) => {
      this.createGroup(ctx.region, requiredString(body, 'logGroupName'));
      return {};
    },
    DeleteLogGroup: (body, ctx) => {
      const group = this.group(ctx, body);
      this.groups.delete(this.key(group.region, group.name));
      return {};
    },
    DescribeLogGroups: (body, ctx) => {
      const prefix = optionalString(body, 'logGroupNamePrefix');
      const pattern = optionalString(body, 'logGroupNamePattern');
      const limit = optionalInt(body, 'limit', 1, 50) ?? 50;
      const after = decodeToken(optionalString(body, 'nextToken'), 'lg', 'InvalidParameterException') as string | undefined;
      const all = [...this.groups.values()]
        .filter((g) => g.region === ctx.region)
        .filter((g) => (prefix === undefined || g.name.startsWith(prefix)) && (pattern === undefined || g.name.includes(pattern)))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .filter((g) => after === undefined || g.name > after);
      const page = all.slice(0, limit);
      const last = page.at(-1);
      return {
        logGroups: page.map((g) => ({
          logGroupName: g.name,
          creationTime: g.creationTime,
          metricFilterCount: 0,
          arn: `${this.groupArn(g.region, g.name)}:*`,
          logGroupArn: this.groupArn(g.region, g.name),
          storedBytes: g.storedBytes,
          logGroupClass: 'STANDARD',
          ...(g.retentionInDays === undefined ? {} : { retentionInDays: g.retentionInDays }),
        })),
        ...(all.length > limit && last ? { nextToken: encodeToken('lg', last.name) } : {}),
      };
    },
    CreateLogStream: (body, ctx) => {
      const group = this.group(ctx, body);
      const name = requiredString(body, 'logStreamName');
      if (!/^[^:*]{1,512}$/.test(name)) throw invalid(`Invalid log stream name: ${name}`);
      if (group.streams.has(name)) throw new ApiError('ResourceAlreadyExistsException', 'The specified log stream already exists');
      this.ensureStream(group, name);
      return {};
    },
    DescribeLogStreams: (body, ctx) => {
      const group = this.group(ctx, body);
      const prefix = optionalString(body, 'logStreamNamePrefix');
      const orderBy = optionalString(body, 'orderBy') ?? 'LogStreamName';
      if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') throw invalid(`Invalid orderBy: ${orderBy}`);
      if (orderBy === 'LastEventTime' && prefix !== undefined) throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
      const descending = optionalBoolean(body, 'descending') ?? false;
      const limit = optionalInt(body, 'limit', 1, 50) ?? 50;
      const offset = (decodeToken(optionalString(body, 'nextToken'), 'ls', 'InvalidParameterException') as number | undefined) ?? 0;
      const streams = [...group.streams.values()].filter((s) => prefix === undefined || s.name.startsWith(prefix));
      streams.sort((a, b) =>
        orderBy === 'LastEventTime'
          ? (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0) || (a.name < b.name ? -1 : 1)
          : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
      if (descending) streams.reverse();
      const page = streams.slice(offset, offset + limit);
      return {
        logStreams: page.map((s) => ({
          logStreamName: s.name,
          creationTime: s.creationTime,
          ...(s.firstEventTimestamp === undefined ? {} : { firstEventTimestamp: s.firstEventTimestamp, lastEventTimestamp: s.lastEventTimestamp }),
          ...(s.lastIngestionTime === undefined ? {} : { lastIngestionTime: s.lastIngestionTime }),
          uploadSequenceToken: String(s.sequence).padStart(56, '0'),
          arn: `arn:aws:logs:${group.region}:${ACCOUNT_ID}:log-group:${group.name}:log-stream:${s.name}`,
          storedBytes: 0,
        })),
        ...(offset + limit < streams.length ? { nextToken: encodeToken('ls', offset + limit) } : {}),
      };
    },
    PutLogEvents: (body, ctx) => {
      const group = this.group(ctx, body);
      const stream = group.streams.get(requiredString(body, 'logStreamName'));
      if (!stream) throw notFound('stream');
      const events = body.logEvents;
      if (!Array.isArray(events) || events.length === 0) throw invalid('logEvents must contain at least one event');
      if (events.length > 10000) throw invalid('logEvents must contain at most 10000 events');
      const parsed = events.map((e: unknown, i) => {
        const ev = e as { timestamp?: unknown; message?: unknown };
        if (typeof ev?.timestamp !== 'number' || typeof ev.message !== 'string' || ev.message.length === 0) {
          throw invalid(`logEvents[${i}] needs a numeric timestamp and a non-empty message`);
        }
        return { timestamp: ev.timestamp, message: ev.message };
      });
      for (let i = 1; i < parsed.length; i++) {
        if ((parsed[i]?.timestamp ?? 0) < (parsed[i - 1]?.timestamp ?? 0)) {
          throw invalid('Log events in a single PutLogEvents request must be in chronological order.');
        }
      }
      this.append(group, stream, parsed);
      return { nextSequenceToken: String(stream.sequence).padStart(56, '0') };
    },
    GetLogEvents: (body, ctx) => {
      const group = this.group(ctx, body);
      const stream = group.streams.get(requiredString(body, 'logStreamName'));
      if (!stream) throw notFound('stream');
      const startTime = optionalInt(body, 'startTime', 0, Number.MAX_SAFE_INTEGER);
      const endTime = optionalInt(body, 'endTime', 0, Number.MAX_SAFE_INTEGER);
      const limit = optionalInt(body, 'limit', 1, 10000) ?? 10000;
      const startFromHead = optionalBoolean(body, 'startFromHead') ?? false;
      const token = optionalString(body, 'nextToken');
      // startTime inclusive, endTime exclusive (GetLogEvents docs).
      const events = stream.events.filter(
        (e) => (startTime === undefined || e.timestamp >= startTime) && (endTime === undefined || e.timestamp < endTime),
      );
      let from: number;
      let to: number;
      const match = token === undefined ? null : /^([fb])\/(\d+)$/.exec(token);
      if (token !== undefined && !match) throw invalid('The specified nextToken is invalid.');
      if (match) {
        const index = Math.min(Number(match[2]), events.length);
        if (match[1] === 'f') [from, to] = [index, Math.min(events.length, index + limit)];
        else [from, to] = [Math.max(0, index - limit), index];
      } else if (startFromHead) [from, to] = [0, Math.min(events.length, limit)];
      else [from, to] = [Math.max(0, events.length - limit), events.length];
      return {
        events: events.slice(from, to).map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
        nextForwardToken: `f/${String(to).padStart(56, '0')}`,
        nextBackwardToken: `b/${String(from).padStart(56, '0')}`,
      };
    },
    FilterLogEvents: (body, ctx) => {
      const group = this.group(ctx, body);
      const names = body.logStreamNames;
      const prefix = optionalString(body, 'logStreamNamePrefix');
      if (names !== undefined && prefix !== undefined) throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive');
      if (names !== undefined && (!Array.isArray(names) || names.some((n) => typeof n !== 'string'))) throw invalid('logStreamNames must be a list of names');
      const startTime = optionalInt(body, 'startTime', 0, Number.MAX_SAFE_INTEGER);
      const endTime = optionalInt(body, 'endTime', 0, Number.MAX_SAFE_INTEGER);
      const limit = optionalInt(body, 'limit', 1, 10000) ?? 10000;
      let matcher;
      try {
        matcher = compileFilterPattern(optionalString(body, 'filterPattern'));
      } catch (error) {
        throw invalid((error as Error).message);
      }
      const after = decodeToken(optionalString(body, 'nextToken'), 'fl', 'InvalidParameterException') as [number, number] | undefined;
      const streams = [...group.streams.values()].filter(
        (s) => (names === undefined || (names as string[]).includes(s.name)) && (prefix === undefined || s.name.startsWith(prefix)),
      );
      const candidates: LogEventRecord[] = [];
      for (const stream of streams) {
        for (const e of stream.events) {
          if (startTime !== undefined && e.timestamp < startTime) continue;
          if (endTime !== undefined && e.timestamp > endTime) continue;
          if (after && (e.timestamp < after[0] || (e.timestamp === after[0] && e.seq <= after[1]))) continue;
          candidates.push(e);
        }
      }
      candidates.sort((a, b) => a.timestamp - b.timestamp || a.seq - b.seq);
      const page: LogEventRecord[] = [];
      let last: LogEventRecord | undefined;
      for (const e of candidates) {
        if (page.length >= limit) break;
        last = e;
        if (matcher(e.message)) page.push(e);
      }
      const more = last !== undefined && candidates.indexOf(last) < candidates.length - 1;
      return {
        events: page.map((e) => ({
          logStreamName: e.stream.name,
          timestamp: e.timestamp,
          message: e.message,
          ingestionTime: e.ingestionTime,
          eventId: `${e.timestamp}${String(e.seq).padStart(20, '0')}`,
        })),
        searchedLogStreams: [],
        ...(more && last ? { nextToken: encodeToken('fl', [last.timestamp, last.seq]) } : {}),
      };
    },
  };
}
