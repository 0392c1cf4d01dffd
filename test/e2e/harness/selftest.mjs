#!/usr/bin/env node
// Proves the launcher reports failures: runs run-extension-tests.mjs against throwaway
// extensions and suites and checks each exit code, that the expected output appears, and that
// no code-server or chromium process outlives a run. Needs `npm run setup:e2e`; ~1.5 min.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './profile.mjs';

const RUNNER = path.join(REPO_ROOT, 'test', 'e2e', 'harness', 'run-extension-tests.mjs');
const SUITE = path.join(REPO_ROOT, 'out', 'test', 'suite.cjs');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nn-e2e-selftest-'));

function writeExtension(dir, activateSource) {
    fs.mkdirSync(path.join(dir, 'out'), { recursive: true });
    // The same id and language as the real extension, so the real smoke suite applies to it.
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
        name: 'nn-lang',
        publisher: 'nn-lang',
        version: '0.0.1',
        license: 'MIT',
        engines: { vscode: '^1.91.0' },
        main: './out/extension.cjs',
        activationEvents: ['onLanguage:nn'],
        contributes: { languages: [{ id: 'nn', extensions: ['.nn'] }] },
    }, null, 2));
    fs.writeFileSync(path.join(dir, 'out', 'extension.cjs'), `exports.activate = ${activateSource};\n`);
    return dir;
}

function writeSuite(file, runSource) {
    fs.writeFileSync(file, `exports.run = ${runSource};\n`);
    return file;
}

const good = writeExtension(path.join(work, 'good'), '() => {}');
const broken = writeExtension(path.join(work, 'broken'),
    "() => { throw new Error('selftest: activate is broken on purpose'); }");
const goodVsix = path.join(work, 'good.vsix');
execFileSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', goodVsix],
    { cwd: good, stdio: 'pipe' });
const rejecting = writeSuite(path.join(work, 'rejecting-suite.cjs'),
    "async () => { require('node:assert/strict').equal(1 + 1, 3, 'selftest: failing assertion'); }");
const hanging = writeSuite(path.join(work, 'hanging-suite.cjs'), '() => new Promise(() => {})');
const workspace = path.join(work, 'workspace');
fs.mkdirSync(workspace);
fs.writeFileSync(path.join(workspace, 'tiny.nn'), 'model Tiny {\n    input [2]\n    Dense(1)\n}\n');

execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-e2e.mjs')], { stdio: 'inherit' });

const scenarios = [
    { name: 'dev tree, passing suite', args: ['--mode', 'dev', '--extension', good], exit: 0, output: /3 passing/ },
    { name: 'installed .vsix, passing suite', args: ['--vsix', goodVsix], exit: 0, output: /installed .*good\.vsix[\s\S]*3 passing/ },
    { name: 'activate() throws', args: ['--mode', 'dev', '--extension', broken], exit: 1, output: /selftest: activate is broken on purpose/ },
    { name: 'run() rejects (failing assertion)', args: ['--mode', 'dev', '--extension', good, '--tests', rejecting], exit: 1, output: /selftest: failing assertion/ },
    { name: 'suite never finishes', args: ['--mode', 'dev', '--extension', good, '--tests', hanging, '--timeout', '30000'], exit: 124, output: /TIMED OUT after 30000 ms/ },
];

/** Processes still in code-server's process group, or with our temp dir on their command line. */
function leftovers(pgid) {
    const found = [];
    for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
        try {
            const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
            const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
            const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
            // fields[0] is the state; zombies are already dead and only wait to be reaped.
            if (fields[0] !== 'Z' && ((pgid && Number(fields[2]) === pgid) || cmdline.includes(work))) {
                found.push(`${pid} ${cmdline.slice(0, 120)}`);
            }
        } catch {
            // The process ended while we looked.
        }
    }
    return found;
}

const artifacts = (scenario) => path.join(work, 'artifacts', scenario.name.replace(/\W+/g, '-'));

function run(scenario) {
    return new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(process.execPath, [RUNNER, '--tests', SUITE, '--workspace', workspace, ...scenario.args], {
            // Chromium's and the profile's temp dirs land under `work`, so leftovers() finds them.
            // Only the real suite's smoke tests: the others need the real language server and
            // trainer, which the throwaway extensions do not have.
            env: { ...process.env, TMPDIR: work, NN_E2E_ARTIFACTS: artifacts(scenario), NN_E2E_GREP: '^smoke: ' },
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (chunk) => { output += chunk; });
        child.stderr.on('data', (chunk) => { output += chunk; });
        child.on('exit', (code) => resolve({ code, output, seconds: (Date.now() - started) / 1000 }));
    });
}

const failures = [];
for (const scenario of scenarios) {
    const { code, output, seconds } = await run(scenario);
    const pgid = Number(/\(pid (\d+), mode/.exec(output)?.[1]);
    const problems = [];
    if (code !== scenario.exit) problems.push(`exit code ${code}, expected ${scenario.exit}`);
    if (!scenario.output.test(output)) problems.push(`output does not match ${scenario.output}`);
    if (!pgid) problems.push('no code-server pid in the output');
    // A failed run leaves a screenshot and logs behind; a passing one leaves nothing.
    const saved = fs.existsSync(artifacts(scenario))
        ? fs.readdirSync(artifacts(scenario), { recursive: true }).map(String) : [];
    if (scenario.exit !== 0 && !saved.some((file) => file.endsWith('workbench.png'))) problems.push('no failure screenshot saved');
    if (scenario.exit === 0 && saved.length) problems.push(`failure artifacts saved for a passing run: ${saved.join(', ')}`);
    const left = leftovers(pgid);
    if (left.length) problems.push(`processes left behind:\n      ${left.join('\n      ')}`);
    console.log(`${problems.length ? 'FAIL' : 'ok  '} ${scenario.name}: exit ${code} in ${seconds.toFixed(1)}s`);
    if (problems.length) {
        failures.push(scenario.name);
        console.log(`    ${problems.join('\n    ')}\n    --- runner output ---\n${output.replace(/^/gm, '    | ')}`);
    }
}

fs.rmSync(work, { recursive: true, force: true });
if (failures.length) {
    console.error(`selftest: ${failures.length} of ${scenarios.length} scenarios failed: ${failures.join('; ')}`);
    process.exit(1);
}
console.log(`selftest: all ${scenarios.length} scenarios behaved`);
