/**
 * EventBridge event-pattern matching for the local runtime, so local rules route events the way AWS rules do.
 *
 * Semantics (AWS docs "Comparison operators for use in event patterns in Amazon EventBridge", formerly
 * "Content filtering in Amazon EventBridge event patterns", and the aws/event-ruler engine behind them):
 * - the fields of a pattern are ANDed; the values listed for one field are ORed;
 * - matchers look at the event's leaf values only: an event array is flattened and matches if any element
 *   does, and an object-valued field has no leaf value of its own (so `exists: false` holds for it);
 * - an array of objects in the event matches a nested pattern if one element matches all of it;
 * - exact values compare by JSON type: "1" is not 1, and null matches a null field but not a missing one.
 * Not implemented: `cidr` and `$or`. An unknown operator throws, as AWS rejects it when the rule is created.
 */
import type { EventPattern, PatternValue } from '../../functions/contracts/bus';

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  // Objects reached through arrays are "crushed out": each element is tried against the whole sub-pattern.
  const nodes = (Array.isArray(event) ? event.flat(Infinity) : [event]).filter(isObject);
  // A missing or non-object node has no fields, where only `exists: false` can hold.
  return (nodes.length > 0 ? nodes : [{}]).some((node) =>
    Object.entries(pattern).every(([field, rule]) =>
      Array.isArray(rule) ? matchesField(rule, leavesOf(node[field])) : matchesPattern(rule, node[field]),
    ),
  );
}

/** The leaf values stored at a field: none when missing or an object, every scalar element of an array. */
function leavesOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value.flat(Infinity) : [value]).filter((leaf) => !isObject(leaf));
}

function matchesField(rule: PatternValue[], leaves: unknown[]): boolean {
  return rule.some((value) =>
    isObject(value) ? matchesOperator(value, leaves) : leaves.some((leaf) => leaf === value),
  );
}

function matchesOperator(matcher: Obj, leaves: unknown[]): boolean {
  const entries = Object.entries(matcher);
  const [operator, arg] = entries[0] ?? [];
  if (entries.length !== 1 || operator === undefined) throw invalid(matcher);
  if (operator === 'exists') {
    if (typeof arg !== 'boolean') throw invalid(matcher);
    return leaves.length > 0 === arg;
  }
  if (operator === 'anything-but') return leaves.some((leaf) => !isExcluded(arg, leaf));
  return leaves.some((leaf) => matchesLeaf(operator, arg, leaf));
}

/** anything-but takes a value, a list of values, or one string operator object to negate. */
function isExcluded(arg: unknown, leaf: unknown): boolean {
  if (isObject(arg)) return matchesOperator(arg, [leaf]);
  return (Array.isArray(arg) ? arg : [arg]).some((value) => value === leaf);
}

function matchesLeaf(operator: string, arg: unknown, leaf: unknown): boolean {
  switch (operator) {
    case 'prefix':
      return typeof leaf === 'string' && compareText(arg, leaf, (text, part) => text.startsWith(part));
    case 'suffix':
      return typeof leaf === 'string' && compareText(arg, leaf, (text, part) => text.endsWith(part));
    case 'equals-ignore-case':
      return typeof leaf === 'string' && strings(arg).some((s) => s.toLowerCase() === leaf.toLowerCase());
    case 'wildcard':
      return typeof leaf === 'string' && strings(arg).some((s) => wildcardRegExp(s).test(leaf));
    case 'numeric':
      return typeof leaf === 'number' && numericHolds(arg, leaf);
    default:
      throw invalid({ [operator]: arg });
  }
}

/** prefix/suffix take a string, or `{ "equals-ignore-case": string }` to compare without case. */
function compareText(arg: unknown, leaf: string, test: (text: string, part: string) => boolean): boolean {
  if (typeof arg === 'string') return test(leaf, arg);
  const folded = isObject(arg) ? arg['equals-ignore-case'] : undefined;
  if (typeof folded !== 'string') throw invalid(arg);
  return test(leaf.toLowerCase(), folded.toLowerCase());
}

function strings(arg: unknown): string[] {
  const list = Array.isArray(arg) ? arg : [arg];
  if (!list.every((s) => typeof s === 'string')) throw invalid(arg);
  return list;
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '=': (a, b) => a === b,
  '>=': (a, b) => a >= b,
  '>': (a, b) => a > b,
};

/** `[op, n, op, n, ...]`: every comparison must hold. */
function numericHolds(arg: unknown, leaf: number): boolean {
  if (!Array.isArray(arg) || arg.length === 0 || arg.length % 2 !== 0) throw invalid(arg);
  for (let i = 0; i < arg.length; i += 2) {
    const compare = COMPARE[String(arg[i])];
    const bound: unknown = arg[i + 1];
    if (!compare || typeof bound !== 'number') throw invalid(arg);
    if (!compare(leaf, bound)) return false;
  }
  return true;
}

/** `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash. */
function wildcardRegExp(pattern: string): RegExp {
  const source = pattern.replace(/\\([*\\])|\*|[.+?^${}()|[\]\\]/g, (token, escaped?: string) =>
    escaped ? `\\${escaped}` : token === '*' ? '.*' : `\\${token}`,
  );
  return new RegExp(`^${source}$`, 's');
}

const invalid = (what: unknown) => new Error(`Invalid event pattern: ${JSON.stringify(what)}`);
