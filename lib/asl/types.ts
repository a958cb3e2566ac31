// Shared vocabulary of lib/asl (DESIGN.md §1: parse a definition once; one state index; one walker
// over nested Parallel/Map scopes). Everything here describes the definition only, never a run.
//
// Invariant: the objects lib/asl hands out may be shared through its memos (the same definition
// text parses to the same objects), so nobody mutates them. The records lib/asl builds itself
// (ParsedDefinition, AslScope, AslState, StateIndex, DefinitionParse) are frozen; the ASL objects
// they point into (`root`, `machine`, `definition`) are the parsed JSON and are not, because
// freezing an object the caller gave us would change the caller's object.

/** An ASL object (a state machine, a branch, an item processor, a state), read-only. */
export type AslObject = Readonly<Record<string, unknown>>;

/** The `Type`s ASL defines. Anything else is kept (as `AslState.type`) and flagged. */
export const ASL_STATE_TYPES = ['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'] as const;
export type AslStateType = (typeof ASL_STATE_TYPES)[number];

/** A definition whose root is an object (it may still lack States or StartAt: see the warnings). */
export interface ParsedDefinition {
  /** The root object: the given object itself, or the parsed text. */
  readonly root: AslObject;
  /** The root `States` when it is an object; null otherwise. */
  readonly states: AslObject | null;
  /** The root `StartAt` when it is a string; null otherwise. */
  readonly startAt: string | null;
  /** The root `QueryLanguage`; JSONPath (the ASL default) unless it says JSONata. */
  readonly queryLanguage: 'JSONPath' | 'JSONata';
}

/**
 * `parsed`: the root is an object (warnings may still name what is wrong inside it).
 * `absent`: no definition was given (null/undefined): not an error, so no warning.
 * `invalid-json`: text that does not parse. `not-an-object`: JSON, but not an object (`42`, `[]`, `null`).
 */
export type DefinitionParseStatus = 'parsed' | 'absent' | 'invalid-json' | 'not-an-object';

export interface DefinitionParse {
  /** Null unless `status` is `parsed`. */
  readonly definition: ParsedDefinition | null;
  readonly status: DefinitionParseStatus;
  /**
   * The input as a JSON value: the parsed text, or the input itself when it was not text; null
   * when the text is not JSON. What a content hash of the definition should hash.
   */
  readonly value: unknown;
  /** What is wrong at the root ("Definition: StartAt is missing", ...), in a stable order. */
  readonly warnings: readonly string[];
}

/**
 * `root`: the state machine. `branch`: one element of a Parallel's `Branches`. `items`: a Map's
 * `ItemProcessor` (or legacy `Iterator`).
 */
export type AslScopeKind = 'root' | 'branch' | 'items';

/**
 * Why a scope's states were not indexed: it is nested deeper than the walker follows, it is one of
 * its own ancestors (only possible in objects built in code, never in parsed JSON), or the walk
 * already holds more states than any real definition has (shared sub-objects can multiply them).
 */
export type AslOmission = 'depth' | 'cycle' | 'size';

export interface AslScope {
  /**
   * '' for the root; `<container path>/b<i>` for a Parallel branch, `<container path>/items` for a
   * Map item processor. Unique in the definition, and equal to the ExecutionGraph scope id (except
   * the root, which the graph calls `^root`).
   */
  readonly path: string;
  readonly kind: AslScopeKind;
  /**
   * The field the scope was read from: `Branches`, `ItemProcessor` or `Iterator`; null for the root
   * and for a Map that has neither processor field as an object (then `machine` is null too).
   */
  readonly field: 'Branches' | 'ItemProcessor' | 'Iterator' | null;
  /** The Parallel/Map state that owns the scope; null for the root. */
  readonly container: AslState | null;
  /** 0-based index in the container's `Branches`; null for the root and item processors. */
  readonly branchIndex: number | null;
  /** Map/Parallel nesting depth: 0 for the root. */
  readonly depth: number;
  /** The object holding StartAt/States (and ProcessorConfig for items); null when not an object. */
  readonly machine: AslObject | null;
  /** `StartAt` when it is a string. */
  readonly startAt: string | null;
  /** One record per `States` entry, in definition order ([] when States is not an object or omitted). */
  readonly states: readonly AslState[];
  /** Non-null when the scope's states were not indexed (see AslOmission); walkers do not enter it. */
  readonly omitted: AslOmission | null;
  /** Human-readable place for messages: "Definition", "Definition › P › branch 1", "… › M › items". */
  readonly location: string;
}

export interface AslState {
  /**
   * Qualified path, unique in the definition: the scope's path and the URI-encoded state name
   * joined with '/' (`P/b0/Inner`, `M/items/Leaf`). URI encoding escapes '/', and path segments
   * alternate state / scope key, so a state name can never imitate a scope key. Equal to the
   * ExecutionGraph node id.
   */
  readonly path: string;
  /** The state name. Unique within its scope only: ASL allows the same name in other scopes. */
  readonly name: string;
  /** `Type` as the definition spells it; null when absent or not a string. */
  readonly type: string | null;
  /** The state's ASL; null when the States entry is not an object (not a state: never found by name). */
  readonly definition: AslObject | null;
  readonly scope: AslScope;
  /** The enclosing Map/Parallel state (= scope.container); null at the top level. */
  readonly parent: AslState | null;
  /** = scope.branchIndex: the branch of the immediately enclosing Parallel; null elsewhere. */
  readonly branchIndex: number | null;
  /** = scope.depth. */
  readonly depth: number;
  /**
   * Child scopes, in definition order: one per `Branches` element of a Parallel (whatever the
   * element is), exactly one `items` scope for a Map (with a null machine when it has no
   * processor), none for other types. Decided by `type` alone, as AWS does.
   */
  readonly children: readonly AslScope[];
  /** "Definition › P › branch 1 › Inner". */
  readonly location: string;
}

/** Callbacks of walkDefinition, in pre-order: enterScope, then each state (and, right after it, its child scopes), then leaveScope. */
export interface DefinitionVisitor {
  enterScope?(scope: AslScope): void;
  /** Return false to skip the state's child scopes. */
  visitState?(state: AslState): boolean | void;
  leaveScope?(scope: AslScope): void;
}
