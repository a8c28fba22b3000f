import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PutEventsRequestEntry, PutEventsResponse } from '@aws-sdk/client-eventbridge';
import { currentTime } from '../../functions/adapters/clock';
import {
  entrySize,
  MAX_BYTES_PER_CALL,
  MAX_ENTRIES_PER_CALL,
} from '../../functions/adapters/eventbridge-publisher';
import { BUS_RULES, type BusRule, type RuleTarget } from '../../functions/contracts/bus';
import { matchesPattern } from './event-pattern';

/** An event as EventBridge delivers it to targets, plus the rules it matched. */
export interface RoutedEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
  matchedRules: string[];
}

export type TargetDelivery = (target: RuleTarget, event: RoutedEvent) => void | Promise<void>;

export interface LocalEventBusOptions {
  /** Every routed event is appended here as a JSON line, for `hotel-inbox events`. */
  logFile?: string;
  rules?: readonly BusRule[];
  deliver?: TargetDelivery;
}

export class PutEventsValidationError extends Error {
  override name = 'ValidationException';
}

/**
 * The local stand-in for the EventBridge bus: validates PutEvents like the service (entry
 * count and size, JSON object detail), routes each event through the same rules as the
 * stack, and delivers to the rules' targets.
 */
export class LocalEventBus {
  private readonly routed: RoutedEvent[] = [];
  private readonly listeners = new Set<(event: RoutedEvent) => void>();
  private readonly rules: readonly BusRule[];

  constructor(private readonly options: LocalEventBusOptions = {}) {
    this.rules = options.rules ?? BUS_RULES;
    if (options.logFile) mkdirSync(dirname(options.logFile), { recursive: true });
  }

  putEvents(entries: readonly PutEventsRequestEntry[]): PutEventsResponse {
    if (entries.length === 0 || entries.length > MAX_ENTRIES_PER_CALL) {
      throw new PutEventsValidationError(`Entries must hold 1 to ${MAX_ENTRIES_PER_CALL} items`);
    }
    if (entries.reduce((sum, entry) => sum + entrySize(entry), 0) > MAX_BYTES_PER_CALL) {
      throw new PutEventsValidationError('Total size of the entries in the request is over the limit');
    }
    const results = entries.map((entry) => this.accept(entry));
    return {
      FailedEntryCount: results.filter((r) => r.ErrorCode).length,
      Entries: results,
    };
  }

  /** Events routed so far, oldest first. */
  events(): readonly RoutedEvent[] {
    return this.routed;
  }

  subscribe(listener: (event: RoutedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private accept(entry: PutEventsRequestEntry): {
    EventId?: string;
    ErrorCode?: string;
    ErrorMessage?: string;
  } {
    if (!entry.Source || !entry.DetailType || !entry.Detail) {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source, DetailType and Detail are required' };
    }
    const detail = parseObject(entry.Detail);
    if (!detail) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    const event: RoutedEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: '000000000000',
      // Stamped on the runtime's clock, as EventBridge stamps its own receipt time.
      time: (entry.Time ? new Date(entry.Time) : currentTime()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: process.env.AWS_REGION ?? 'local',
      resources: entry.Resources ?? [],
      detail,
      matchedRules: [],
    };
    const matched = this.rules.filter((rule) => matchesPattern(rule.pattern, event));
    event.matchedRules = matched.map((rule) => rule.name);
    this.routed.push(event);
    if (this.options.logFile) appendFileSync(this.options.logFile, `${JSON.stringify(event)}\n`);
    for (const rule of matched) void this.options.deliver?.(rule.target, event);
    for (const listener of this.listeners) listener(event);
    return { EventId: event.id };
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
