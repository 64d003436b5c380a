#!/usr/bin/env node
// Cross-checks the ASL conformance suite (../src/test/resources/conformance) against a second,
// independent implementation: aws-local-stepfunctions. Each case's expected.json records what AWS's
// documentation says; a mismatch here is either a mistake in the case or a documented deviation of
// aws-local-stepfunctions, listed with its reason in known-differences.json.
//
// Usage: npm ci --prefix local/states/conformance-check
//        node local/states/conformance-check/check.mjs [--cases DIR] [FILTER...]
// FILTER keeps only the cases whose directory name contains one of the given strings.

import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

// aws-local-stepfunctions 3.0.0 calls Promise.withResolvers (Node 22+). It must exist before the
// package is loaded, hence the dynamic import below.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
const { StateMachine, ExecutionError } = await import('aws-local-stepfunctions');

const HERE = dirname(fileURLToPath(import.meta.url));
const CASE_TIMEOUT_MS = 15_000;

// The deterministic execution context every runner uses (see conformance/README.md).
const CONTEXT = Object.freeze({
  Execution: {
    Id: 'arn:aws:states:us-east-1:123456789012:execution:Conformance:conformance',
    Name: 'conformance',
    StartTime: '2024-01-01T00:00:00Z',
  },
  StateMachine: {
    Id: 'arn:aws:states:us-east-1:123456789012:stateMachine:Conformance',
    Name: 'Conformance',
  },
});

function parseArgs(argv) {
  let casesDir = resolve(HERE, '../src/test/resources/conformance');
  const filters = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--cases') casesDir = resolve(argv[++i]);
    else filters.push(argv[i]);
  }
  return { casesDir, filters };
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${e.message})`);
  }
}

/** Replaces `${Name}` placeholders in the definition text, as SAM's DefinitionSubstitutions would. */
function loadDefinition(dir) {
  let text = readFileSync(join(dir, 'definition.asl.json'), 'utf8');
  const subsFile = join(dir, 'substitutions.json');
  if (existsSync(subsFile)) {
    const subs = readJson(subsFile);
    text = text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name) => {
      if (!(name in subs)) throw new Error(`substitutions.json has no value for \${${name}}`);
      return String(subs[name]);
    });
  }
  if (/\$\{[A-Za-z0-9_]+\}/.test(text)) throw new Error('definition has a ${...} placeholder but no substitutions.json value for it');
  return JSON.parse(text);
}

/** Every state of the machine, including those inside Map item processors and Parallel branches. */
function allStates(definition, out = []) {
  for (const [name, state] of Object.entries(definition.States ?? {})) {
    out.push([name, state]);
    if (state.Type === 'Map') allStates(state.ItemProcessor ?? state.Iterator ?? {}, out);
    if (state.Type === 'Parallel') for (const branch of state.Branches ?? []) allStates(branch, out);
  }
  return out;
}

/**
 * Reads mock-config.json (Step Functions Local format) for the test case named in test-case.txt and
 * returns, per state name, the list of {from, to, response} ranges keyed by invocation index.
 */
function loadMocks(dir) {
  const configFile = join(dir, 'mock-config.json');
  if (!existsSync(configFile)) return new Map();
  const config = readJson(configFile);
  const testCaseFile = join(dir, 'test-case.txt');
  if (!existsSync(testCaseFile)) throw new Error('mock-config.json present but test-case.txt missing');
  const [machine, testCase] = readFileSync(testCaseFile, 'utf8').trim().split('#');
  const mapping = config.StateMachines?.[machine]?.TestCases?.[testCase];
  if (!mapping) throw new Error(`mock-config.json has no StateMachines.${machine}.TestCases.${testCase}`);
  const mocks = new Map();
  for (const [stateName, responseName] of Object.entries(mapping)) {
    const responses = config.MockedResponses?.[responseName];
    if (!responses) throw new Error(`mock-config.json: MockedResponses.${responseName} (for state ${stateName}) is missing`);
    const ranges = Object.entries(responses).map(([key, response]) => {
      const m = /^(\d+)(?:-(\d+))?$/.exec(key);
      if (!m) throw new Error(`mock-config.json: MockedResponses.${responseName} key "${key}" is not "N" or "N-M"`);
      const from = Number(m[1]);
      const to = m[2] === undefined ? from : Number(m[2]);
      if (('Return' in response) === ('Throw' in response)) {
        throw new Error(`mock-config.json: MockedResponses.${responseName}["${key}"] must have exactly one of Return or Throw`);
      }
      return { from, to, response };
    });
    mocks.set(stateName, ranges);
  }
  return mocks;
}

/**
 * Builds the aws-local-stepfunctions overrides: every Task runs a local handler answering from the
 * mock config (a Task is never allowed to reach AWS), and Wait states and retry pauses take 0 ms.
 */
function buildOverrides(definition, mocks, problems) {
  const taskResourceLocalHandlers = {};
  const waitTimeOverrides = {};
  const retryIntervalOverrides = {};
  for (const [name, state] of allStates(definition)) {
    if (state.Type === 'Wait') waitTimeOverrides[name] = 0;
    if (Array.isArray(state.Retry)) retryIntervalOverrides[name] = 0;
    if (state.Type !== 'Task') continue;
    const ranges = mocks.get(name);
    let invocation = 0;
    taskResourceLocalHandlers[name] = async () => {
      const index = invocation++;
      if (!ranges) {
        problems.push(`Task state "${name}" has no mocked response`);
        throw new Error('unmocked task');
      }
      const hit = ranges.find((r) => index >= r.from && index <= r.to);
      if (!hit) {
        problems.push(`mock-config.json has no response for invocation ${index} of state "${name}"`);
        throw new Error('mock exhausted');
      }
      if ('Return' in hit.response) return structuredClone(hit.response.Return);
      const { Error: error, Cause: cause } = hit.response.Throw;
      if (error === 'States.Timeout') {
        // A mocked States.Timeout stands for a task that outlives TimeoutSeconds: never settle and let
        // the engine's own timer raise the genuine States.Timeout.
        if (state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
          problems.push(`state "${name}" mocks States.Timeout but sets no TimeoutSeconds(Path); keep it small`);
        }
        return new Promise(() => {});
      }
      const thrown = new Error(cause ?? '');
      thrown.name = error;
      return Promise.reject(thrown);
    };
  }
  return { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides };
}

async function runCase(dir) {
  const definition = loadDefinition(dir);
  const input = readJson(join(dir, 'input.json'));
  const mocks = loadMocks(dir);
  const problems = [];
  let machine;
  try {
    machine = new StateMachine(definition, { validationOptions: { checkPaths: true, checkArn: true } });
  } catch (e) {
    return { actual: { status: 'REJECTED', reason: e.message.replace(/\s+/g, ' ').trim() }, problems };
  }
  const execution = machine.run(input, {
    overrides: buildOverrides(definition, mocks, problems),
    context: structuredClone(CONTEXT),
  });
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result within ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS);
  });
  try {
    const output = await Promise.race([execution.result, timeout]);
    return { actual: { status: 'SUCCEEDED', output }, problems };
  } catch (e) {
    if (e instanceof ExecutionError && e.cause) {
      return { actual: { status: 'FAILED', error: e.cause.name, cause: e.cause.message }, problems };
    }
    execution.abort();
    return { actual: { status: 'ERROR', reason: e.message }, problems };
  } finally {
    clearTimeout(timer);
  }
}

/** Deep JSON equality for outputs; error name always, cause only when expected.json states one. */
function matches(expected, actual) {
  if (expected.status === 'INVALID_DEFINITION') return actual.status === 'REJECTED';
  if (expected.status !== actual.status) return false;
  if (expected.status === 'SUCCEEDED') return isDeepStrictEqual(expected.output, actual.output);
  if (expected.error !== actual.error) return false;
  return !('cause' in expected) || expected.cause === actual.cause;
}

function validateExpected(expected) {
  if (expected.status === 'SUCCEEDED' && 'output' in expected) return;
  if (expected.status === 'FAILED' && typeof expected.error === 'string') return;
  if (expected.status === 'INVALID_DEFINITION' && Array.isArray(expected.definitionErrors)) return;
  throw new Error('expected.json must be {"status":"INVALID_DEFINITION","definitionErrors":[...]} or {"status":"SUCCEEDED","output":...} or {"status":"FAILED","error":...,"cause"?:...}');
}

async function main() {
  const { casesDir, filters } = parseArgs(process.argv.slice(2));
  const known = readJson(join(HERE, 'known-differences.json'));
  for (const [id, entry] of Object.entries(known)) {
    if (!entry.reason || !entry.documentation) throw new Error(`known-differences.json: ${id} needs "reason" and "documentation"`);
  }
  const ids = readdirSync(casesDir)
    .filter((d) => /^\d{3}-/.test(d) && statSync(join(casesDir, d)).isDirectory())
    .filter((d) => filters.length === 0 || filters.some((f) => d.includes(f)))
    .sort();
  let passed = 0;
  let failed = 0;
  let knownCount = 0;
  for (const id of ids) {
    const dir = join(casesDir, id);
    let expected;
    let result;
    try {
      expected = readJson(join(dir, 'expected.json'));
      validateExpected(expected);
      result = await runCase(dir);
    } catch (e) {
      console.log(`DIFF ${id}: case data problem: ${e.message}`);
      failed++;
      continue;
    }
    const { actual, problems } = result;
    if (problems.length > 0) {
      console.log(`DIFF ${id}: case data problem: ${problems.join('; ')}`);
      failed++;
    } else if (matches(expected, actual)) {
      if (known[id]) {
        console.log(`DIFF ${id}: listed in known-differences.json but now matches; remove the entry`);
        failed++;
      } else {
        console.log(`PASS ${id}`);
        passed++;
      }
    } else if (known[id]) {
      console.log(`KNOWN ${id}: ${known[id].reason} (got ${JSON.stringify(actual)})`);
      knownCount++;
    } else {
      console.log(`DIFF ${id}: expected ${JSON.stringify(expected)} got ${JSON.stringify(actual)}`);
      failed++;
    }
  }
  const unused = Object.keys(known).filter((id) => !ids.includes(id) && filters.length === 0);
  for (const id of unused) {
    console.log(`DIFF ${id}: known-differences.json names a case that does not exist`);
    failed++;
  }
  console.log(`known differences (documented deviations of aws-local-stepfunctions): ${knownCount}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || ids.length === 0 ? 1 : 0;
}

await main();
