import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';

type JSONValue = Parameters<StateMachine['run']>[0];

import { systemClock, type WorkflowClock } from './clock';
import './promise-with-resolvers';

type TaskFunction = (input: unknown) => Promise<unknown>;

interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  TimeoutSeconds?: number;
}

/**
 * The interpreter fails a Task after 60 s unless it says otherwise (Lambda's own timeout bounds
 * it in AWS). A Task that first sleeps on the clock until its `dueAt` (for the Wait before it)
 * may sleep for days: it gets the longest timeout a timer can hold (about 23 days).
 */
const SLEEPING_TASK_TIMEOUT_SECONDS = 2_000_000;

export interface WorkflowRunnerOptions {
  /** Path of the Amazon States Language file, the same the CDK stack deploys. */
  definitionFile: string;
  /** The function behind each `${Substitution}` that Task resources name. */
  tasks: Record<string, TaskFunction>;
  clock?: WorkflowClock;
  /**
   * Wait states pass at once and each Task whose input carries `dueAt` (every Task after a Wait)
   * first sleeps on the clock until then, so the clock decides when deadlines arrive: a test's
   * ManualClock, or the runtime's clock, which `/_local/clock` moves forward.
   */
  virtualTime?: boolean;
  /** Retry pauses in milliseconds (tests: 0). */
  retryPauseMillis?: number;
  onFailure?: (input: unknown, error: unknown) => void;
}

/**
 * Runs the workflow's ASL file with aws-local-stepfunctions, Task states calling the same
 * handlers Lambda runs. Executions that fail after their retries go to `onFailure` (the
 * local dead-letter destination).
 */
export class LocalWorkflowRunner {
  private readonly machine: StateMachine;
  private readonly states: Record<string, AslState>;
  private readonly running = new Set<{ abort: () => void; done: Promise<unknown> }>();
  /** Executions doing work right now, as opposed to sleeping on the clock. */
  private busy = 0;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly options: WorkflowRunnerOptions) {
    const definition = JSON.parse(readFileSync(options.definitionFile, 'utf8'));
    this.states = definition.States;
    // As the CDK stack does with definition substitutions: `${Name}` becomes a function ARN.
    const substituted = JSON.parse(
      readFileSync(options.definitionFile, 'utf8').replace(
        /\$\{(\w+)\}/g,
        'arn:aws:lambda:local:000000000000:function:$1',
      ),
    );
    if (options.virtualTime) {
      for (const state of Object.values(substituted.States as Record<string, AslState>))
        if (state.Type === 'Task' && state.Parameters && 'dueAt.$' in state.Parameters)
          state.TimeoutSeconds ??= SLEEPING_TASK_TIMEOUT_SECONDS;
    }
    this.machine = new StateMachine(substituted);
  }

  /** Starts an execution; its promise settles when it ends (or is aborted by `stop`). */
  start(input: unknown): Promise<unknown> {
    const clock = this.options.clock ?? systemClock;
    const controller = new AbortController();
    const taskResourceLocalHandlers: Record<string, (input: JSONValue) => Promise<JSONValue>> = {};
    const waitTimeOverrides: Record<string, number> = {};
    const retryIntervalOverrides: Record<string, number> = {};
    for (const [name, state] of Object.entries(this.states)) {
      if (state.Type === 'Task') {
        const task = this.taskFor(name, state);
        taskResourceLocalHandlers[name] = async (taskInput) => {
          const { dueAt, ticketId } = taskInput as { dueAt?: string; ticketId?: string };
          if (this.options.virtualTime && dueAt) {
            this.done();
            try {
              await clock.sleepUntil(new Date(dueAt), controller.signal, ticketId);
            } finally {
              this.busy++;
            }
          }
          return (await task(taskInput)) as JSONValue;
        };
        if (this.options.retryPauseMillis !== undefined)
          retryIntervalOverrides[name] = this.options.retryPauseMillis;
      }
      if (state.Type === 'Wait' && this.options.virtualTime) waitTimeOverrides[name] = 0;
    }
    const execution = this.machine.run(input as JSONValue, {
      overrides: { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides },
      noThrowOnAbort: true,
    });
    this.busy++;
    const handle = {
      abort: () => {
        execution.abort();
        controller.abort(new Error('workflow stopped'));
      },
      done: execution.result.catch((error: unknown) => {
        this.options.onFailure?.(input, error);
      }),
    };
    this.running.add(handle);
    void handle.done.finally(() => {
      this.running.delete(handle);
      this.done();
    });
    return handle.done;
  }

  /** Resolves when every execution is asleep on the clock or finished (virtual-time tests). */
  async idle(): Promise<void> {
    // A woken sleeper counts itself busy in a microtask: let those run before looking.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.busy > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** An execution stopped working (it sleeps or ended). */
  private done() {
    this.busy--;
    if (this.busy === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /** No execution is doing work right now (each is asleep on the clock, or none runs). */
  get isIdle(): boolean {
    return this.busy === 0;
  }

  get executions(): number {
    return this.running.size;
  }

  /** Aborts every running execution (a restart resumes them from the table). */
  async stop(): Promise<void> {
    const handles = [...this.running];
    for (const handle of handles) handle.abort();
    await Promise.all(handles.map((h) => h.done));
  }

  private taskFor(stateName: string, state: AslState): TaskFunction {
    const substitution = state.Resource?.match(/^\$\{(\w+)\}$/)?.[1];
    const task = substitution ? this.options.tasks[substitution] : undefined;
    if (!task)
      throw new Error(`Task state ${stateName} names ${state.Resource}, which no local function implements`);
    return task;
  }
}
