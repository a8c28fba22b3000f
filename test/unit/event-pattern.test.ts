/**
 * The local EventBridge matcher against the examples of the AWS EventBridge User Guide:
 * - "Content filtering in Amazon EventBridge event patterns" (the page is now titled "Comparison operators
 *   for use in event patterns in Amazon EventBridge"):
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 * - "Amazon EventBridge event patterns":
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 * - "Arrays in Amazon EventBridge event patterns":
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html
 * - "Matching null values and empty strings in Amazon EventBridge event patterns":
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-null-values.html
 * Patterns are the docs' own. Where a doc gives a pattern but no event, the event is the one its prose
 * describes (e.g. "matches any event where FileName ends with .png"). The numeric/complex event and the
 * array-of-objects cases come from the README of aws/event-ruler, the engine behind EventBridge.
 */
import { describe, expect, it } from 'vitest';
import { ARCHIVE_PATTERN, BUS_RULES, type EventPattern } from '../../functions/contracts/bus';
import { matchesPattern } from '../../local/runtime/event-pattern';

interface Case {
  name: string;
  pattern: EventPattern;
  event: unknown;
  matches: boolean;
}

/** Operators the matcher implements but `PatternValue` in bus.ts does not list yet. */
const beyondContract = (pattern: unknown) => pattern as EventPattern;

// "Amazon EventBridge event patterns": an EC2 state-change event.
const ec2Terminated = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

// "Matching null values and empty strings": an Auto Scaling event.
const autoscalingLaunch = {
  version: '0',
  id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
  'detail-type': 'EC2 Instance Launch Successful',
  source: 'aws.autoscaling',
  account: '123456789012',
  time: '2015-11-11T21:31:47Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventVersion: '', responseElements: null },
};

// "Amazon EventBridge event patterns" (value matching): a truncated Macie alert.
const macieAlert = {
  'detail-type': 'Macie Alert',
  source: 'aws.macie',
  detail: {
    'notification-type': 'ALERT_CREATED',
    tags: ['Custom_Alert', 'Insider'],
    'risk-score': 80,
    trigger: { 'alert-type': 'basic', risk: 8 },
  },
};

// Content filtering, exists matching: an event that has a detail.state field...
const ec2Pending = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-abcd1111', state: 'pending' },
};
// ...and one whose detail.c-count is an object (the doc writes these events with array-valued fields).
const cCountObject = {
  'detail-type': ['EC2 Instance State-change Notification'],
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
  detail: { 'c-count': { c1: 100 } },
};
const noCCount = {
  'detail-type': ['EC2 Instance State-change Notification'],
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
  detail: { state: ['initializing', 'running'] },
};

// aws/event-ruler README: the event its numeric and complex examples match.
const rulerEvent = {
  version: '0',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, 'source-ip': '10.0.0.33', state: 'running' },
};
const withDetail = (detail: Record<string, unknown>) => ({
  ...rulerEvent,
  detail: { ...rulerEvent.detail, ...detail },
});

const numericPattern: EventPattern = {
  detail: {
    'c-count': [{ numeric: ['>', 0, '<=', 5] }],
    'd-count': [{ numeric: ['<', 10] }],
    'x-limit': [{ numeric: ['=', 3.018e2] }],
  },
};

const employees = {
  employees: [
    { firstName: 'John', lastName: 'Doe' },
    { firstName: 'Anna', lastName: 'Smith' },
    { firstName: 'Peter', lastName: 'Jones' },
  ],
};

const docCases: Case[] = [
  // Event patterns: fields are ANDed, values of a field are ORed.
  {
    name: 'the EC2 instance-termination pattern matches the EC2 event',
    pattern: {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { state: ['terminated'] },
    },
    event: ec2Terminated,
    matches: true,
  },
  {
    name: 'a pattern matches when any listed value matches (aws.ec2 or aws.fargate)',
    pattern: { source: ['aws.ec2', 'aws.fargate'] },
    event: ec2Terminated,
    matches: true,
  },
  {
    name: 'every field must match: a different detail.state fails the whole pattern',
    pattern: { source: ['aws.ec2'], detail: { state: ['running'] } },
    event: ec2Terminated,
    matches: false,
  },
  {
    name: 'nested fields match at depth (Macie risk-score 80 and trigger.risk 8)',
    pattern: {
      source: ['aws.macie'],
      'detail-type': ['Macie Alert'],
      detail: { 'risk-score': [80], trigger: { risk: [8] } },
    },
    event: macieAlert,
    matches: true,
  },
  {
    name: 'exact string matching is case-sensitive',
    pattern: { detail: { state: ['Terminated'] } },
    event: ec2Terminated,
    matches: false,
  },

  // Null values and empty strings.
  {
    name: 'an empty-string value matches an empty-string field',
    pattern: { detail: { eventVersion: [''] } },
    event: autoscalingLaunch,
    matches: true,
  },
  {
    name: 'null matches a null field',
    pattern: {
      source: ['aws.autoscaling'],
      'detail-type': ['EC2 Instance Launch Successful'],
      detail: { responseElements: [null] },
    },
    event: autoscalingLaunch,
    matches: true,
  },
  {
    name: 'null and empty string are not interchangeable: "" does not match null',
    pattern: { detail: { responseElements: [''] } },
    event: autoscalingLaunch,
    matches: false,
  },
  {
    name: 'null and empty string are not interchangeable: null does not match ""',
    pattern: { detail: { eventVersion: [null] } },
    event: autoscalingLaunch,
    matches: false,
  },

  // Arrays.
  {
    name: 'an event array matches when it shares a value with the pattern array',
    pattern: {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    },
    event: {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    },
    matches: true,
  },

  // Prefix and suffix.
  {
    name: 'prefix matches the start of a string ("time" on 2017-10-02)',
    pattern: { time: [{ prefix: '2017-10-02' }] },
    event: { time: '2017-10-02T18:43:48Z' },
    matches: true,
  },
  {
    name: 'prefix does not match another day',
    pattern: { time: [{ prefix: '2017-10-02' }] },
    event: ec2Terminated,
    matches: false,
  },
  {
    name: 'prefix with equals-ignore-case matches EVENTB in any case',
    pattern: beyondContract({ detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } }),
    event: { detail: { service: 'EVENTBRIDGE' } },
    matches: true,
  },
  {
    name: 'suffix matches a .png FileName',
    pattern: { FileName: [{ suffix: '.png' }] },
    event: { FileName: 'image.png' },
    matches: true,
  },
  {
    name: 'suffix is case-sensitive: .PNG is not .png',
    pattern: { FileName: [{ suffix: '.png' }] },
    event: { FileName: 'image.PNG' },
    matches: false,
  },
  {
    name: 'suffix with equals-ignore-case matches .PNG',
    pattern: beyondContract({ detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } }),
    event: { detail: { FileName: 'image.PNG' } },
    matches: true,
  },

  // Equals-ignore-case and wildcard (operator table).
  {
    name: 'equals-ignore-case matches "Alice" for "alice"',
    pattern: beyondContract({ Name: [{ 'equals-ignore-case': 'alice' }] }),
    event: { Name: 'Alice' },
    matches: true,
  },
  {
    name: 'wildcard matches a .png file within the folder "dir"',
    pattern: beyondContract({ FileName: [{ wildcard: 'dir/*.png' }] }),
    event: { FileName: 'dir/photo.png' },
    matches: true,
  },
  {
    name: 'wildcard is anchored at both ends',
    pattern: beyondContract({ FileName: [{ wildcard: 'dir/*.png' }] }),
    event: { FileName: 'other/dir/photo.png.bak' },
    matches: false,
  },

  // Anything-but.
  {
    name: 'anything-but a string matches another string',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: rulerEvent,
    matches: true,
  },
  {
    name: 'anything-but a string rejects that string',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: withDetail({ state: 'initializing' }),
    matches: false,
  },
  {
    name: 'anything-but a number rejects that number',
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    event: withDetail({ 'x-limit': 123 }),
    matches: false,
  },
  {
    name: 'anything-but a list of strings rejects each of them',
    pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    event: withDetail({ state: 'overloaded' }),
    matches: false,
  },
  {
    name: 'anything-but a list of numbers matches a number outside it',
    pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    event: rulerEvent,
    matches: true,
  },
  {
    name: 'anything-but a prefix rejects a value with that prefix',
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    event: withDetail({ state: 'initializing' }),
    matches: false,
  },
  {
    name: 'anything-but a suffix rejects a .png FileName',
    pattern: beyondContract({ FileName: [{ 'anything-but': { suffix: '.png' } }] }),
    event: { FileName: 'image.png' },
    matches: false,
  },
  {
    name: 'anything-but equals-ignore-case rejects INITIALIZING',
    pattern: beyondContract({ state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] }),
    event: { state: 'INITIALIZING' },
    matches: false,
  },
  {
    name: 'anything-but a wildcard rejects a path that includes /lib/',
    pattern: beyondContract({ FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }),
    event: { FilePath: '/usr/lib/libc.so' },
    matches: false,
  },
  {
    name: 'anything-but a wildcard matches a path without /lib/',
    pattern: beyondContract({ FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }),
    event: { FilePath: '/usr/bin/env' },
    matches: true,
  },

  // Numeric.
  {
    name: 'numeric ranges and = 3.018e2 all hold for c-count 5, d-count 3, x-limit 301.8',
    pattern: numericPattern,
    event: rulerEvent,
    matches: true,
  },
  {
    name: 'numeric > 0 is exclusive: c-count 0 fails',
    pattern: numericPattern,
    event: withDetail({ 'c-count': 0 }),
    matches: false,
  },
  {
    name: 'numeric range "Price is more than 10 and at most 20" includes 20',
    pattern: { Price: [{ numeric: ['>', 10, '<=', 20] }] },
    event: { Price: 20 },
    matches: true,
  },
  {
    name: 'numeric = 100 matches Price 100',
    pattern: { Price: [{ numeric: ['=', 100] }] },
    event: { Price: 100 },
    matches: true,
  },

  // Exists.
  {
    name: 'exists: true matches an event that has detail.state',
    pattern: { detail: { state: [{ exists: true }] } },
    event: ec2Pending,
    matches: true,
  },
  {
    name: 'exists: true does not match an event without detail.state',
    pattern: { detail: { state: [{ exists: true }] } },
    event: cCountObject,
    matches: false,
  },
  {
    name: 'exists: false matches an event without detail.c-count',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: noCCount,
    matches: true,
  },
  {
    name: 'exists: false also matches when detail.c-count is an object, which is not a leaf',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: cCountObject,
    matches: true,
  },

  // Complex example with multiple matching.
  {
    name: 'the complex example combines prefix, anything-but and numeric',
    pattern: {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
      },
    },
    event: rulerEvent,
    matches: true,
  },

  // Arrays of objects (aws/event-ruler README).
  {
    name: 'an array of objects matches when one element matches the nested pattern',
    pattern: { employees: { firstName: ['Anna'] } },
    event: employees,
    matches: true,
  },
  {
    name: 'nested fields must match within the same array element (Anna Jones is nobody)',
    pattern: { employees: { firstName: ['Anna'], lastName: ['Jones'] } },
    event: employees,
    matches: false,
  },
  {
    name: 'nested arrays of objects are flattened',
    pattern: { employees: { firstName: ['Peter'] } },
    event: { employees: [[employees.employees[0]], [employees.employees[2]]] },
    matches: true,
  },
];

const edgeCases: Case[] = [
  { name: 'a missing field does not match an exact value', pattern: { a: ['x'] }, event: {}, matches: false },
  { name: 'null does not match a missing field', pattern: { a: [null] }, event: {}, matches: false },
  {
    name: 'exists: true holds for a null field',
    pattern: { a: [{ exists: true }] },
    event: { a: null },
    matches: true,
  },
  {
    name: 'anything-but does not match a missing field',
    pattern: { a: [{ 'anything-but': 'x' }] },
    event: {},
    matches: false,
  },
  {
    name: 'anything-but on an event array matches when any element is not excluded',
    pattern: { a: [{ 'anything-but': 'x' }] },
    event: { a: ['x', 'y'] },
    matches: true,
  },
  {
    name: 'exists: false on a field under a missing object matches',
    pattern: { detail: { a: [{ exists: false }] } },
    event: {},
    matches: true,
  },
  {
    name: 'an exact value under a missing object does not match',
    pattern: { detail: { a: ['x'] } },
    event: { source: 'x' },
    matches: false,
  },
  {
    name: 'a nested pattern does not match a leaf value in its place',
    pattern: { detail: { a: ['x'] } },
    event: { detail: 'x' },
    matches: false,
  },
  {
    name: 'an exact value does not match an object in its place',
    pattern: { detail: ['x'] },
    event: { detail: { a: 'x' } },
    matches: false,
  },
  {
    name: 'the string "5" does not match the number 5',
    pattern: { a: ['5'] },
    event: { a: 5 },
    matches: false,
  },
  {
    name: 'true does not match the string "true"',
    pattern: { a: [true] },
    event: { a: 'true' },
    matches: false,
  },
  { name: 'false matches false', pattern: { a: [false] }, event: { a: false }, matches: true },
  {
    name: 'numeric does not match a number written as a string',
    pattern: { a: [{ numeric: ['>', 0] }] },
    event: { a: '5' },
    matches: false,
  },
  {
    name: 'prefix does not match a number',
    pattern: { a: [{ prefix: '1' }] },
    event: { a: 12 },
    matches: false,
  },
  {
    name: 'numeric matches when any element of an event array is in range',
    pattern: { a: [{ numeric: ['>=', 10] }] },
    event: { a: [1, 10] },
    matches: true,
  },
  {
    name: 'a pattern value list mixes exact values and operators',
    pattern: { a: ['x', { prefix: 'ab' }] },
    event: { a: 'abc' },
    matches: true,
  },
  {
    name: 'wildcard \\* is a literal star',
    pattern: beyondContract({ a: [{ wildcard: 'a\\*b' }] }),
    event: { a: 'axb' },
    matches: false,
  },
  {
    name: 'wildcard \\\\ is a literal backslash and regex characters are literal',
    pattern: beyondContract({ a: [{ wildcard: 'C:\\\\dir\\\\*.(1)' }] }),
    event: { a: 'C:\\dir\\file.(1)' },
    matches: true,
  },
  { name: 'the empty pattern matches any event', pattern: {}, event: { a: 1 }, matches: true },
];

describe('matchesPattern: AWS documentation examples', () => {
  it.each(docCases)('$name', ({ pattern, event, matches }) => {
    expect(matchesPattern(pattern, event)).toBe(matches);
  });
});

describe('matchesPattern: edge cases', () => {
  it.each(edgeCases)('$name', ({ pattern, event, matches }) => {
    expect(matchesPattern(pattern, event)).toBe(matches);
  });

  it('rejects an operator it does not implement, as AWS rejects an invalid pattern', () => {
    const cidr = beyondContract({ ip: [{ cidr: '10.0.0.0/24' }] });
    expect(() => matchesPattern(cidr, { ip: '10.0.0.1' })).toThrow(/Invalid event pattern/);
  });
});

describe('matchesPattern: the project bus contract', () => {
  const unroutable = BUS_RULES.find((rule) => rule.name === 'UnroutableDeliveries');
  const event = (detailType: string) => ({
    source: 'hotel-inbox.ingest',
    'detail-type': detailType,
    detail: {},
  });

  it('routes Unroutable Delivery events to the unroutable rule and nothing else', () => {
    expect(unroutable).toBeDefined();
    if (!unroutable) return;
    expect(matchesPattern(unroutable.pattern, event('Unroutable Delivery'))).toBe(true);
    expect(matchesPattern(unroutable.pattern, event('Guest Message Received'))).toBe(false);
  });

  it('archives every hotel-inbox event and no other source', () => {
    expect(matchesPattern(ARCHIVE_PATTERN, event('Guest Message Received'))).toBe(true);
    expect(matchesPattern(ARCHIVE_PATTERN, { source: 'aws.ec2' })).toBe(false);
  });
});
