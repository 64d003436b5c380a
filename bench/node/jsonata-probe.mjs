#!/usr/bin/env node
// Does the installed aws-local-stepfunctions evaluate JSONata? bench/engine-jsonata.sh asks before choosing whether
// the JSONata variant has a peer. One Pass state in a JSONata machine, Output {% $states.input.a + 1 %}, input
// {"a": 1}: an engine that evaluates JSONata outputs 2. Prints {"package", "version", "jsonata", "detail"} as JSON.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, 'node_modules/aws-local-stepfunctions/package.json'), 'utf8'));
const { StateMachine } = await import('aws-local-stepfunctions');

const definition = {
  QueryLanguage: 'JSONata',
  StartAt: 'AddOne',
  States: { AddOne: { Type: 'Pass', Output: '{% $states.input.a + 1 %}', End: true } },
};
let jsonata = false;
let detail;
try {
  const output = await new StateMachine(definition).run({ a: 1 }).result;
  jsonata = output === 2;
  detail = jsonata
    ? 'a JSONata Pass state with Output {% $states.input.a + 1 %} turned {"a":1} into 2'
    : `a JSONata Pass state with Output {% $states.input.a + 1 %} turned {"a":1} into ${JSON.stringify(output)}:`
      + ' QueryLanguage and Output are ignored, the state passes its input on as a JSONPath Pass would';
} catch (e) {
  detail = `a JSONata machine was refused: ${e.message}`;
}
console.log(JSON.stringify({ package: 'aws-local-stepfunctions', version: pkg.version, jsonata, detail }));
