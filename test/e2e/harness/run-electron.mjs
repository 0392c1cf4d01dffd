#!/usr/bin/env node
// Runs the same extension-host suite (out/test/suite.cjs) in desktop VS Code through
// @vscode/test-electron. That needs either internet (it downloads VS Code into
// .tools/vscode-test) or a local VS Code given by VSCODE_EXECUTABLE_PATH; on our offline
// machines use run-extension-tests.mjs (code-server) instead. Linux CI without a display:
// run it under `xvfb-run -a`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
    TestRunFailedError,
    downloadAndUnzipVSCode,
    resolveCliArgsFromVSCodeExecutablePath,
    runTests,
} from '@vscode/test-electron';
import { COMMON_ENV_USAGE, COMMON_USAGE, parseRunOptions, shown } from './options.mjs';
import { REPO_ROOT, createProfile, prepareWorkspace, writeTestHostExtension } from './profile.mjs';

const USAGE = `usage: node test/e2e/harness/run-electron.mjs [options]
Runs the extension-host suite in desktop VS Code via @vscode/test-electron.
${COMMON_USAGE}
${COMMON_ENV_USAGE}
VSCODE_EXECUTABLE_PATH  a local VS Code binary to use instead of downloading one
VSCODE_VERSION          the version to download otherwise: 'stable' (default), 'insiders', '1.91.0'...
Exit code: VS Code's (0 = all passed); 2 = bad usage; 124 = timed out; 1 = anything else.`;

const log = (message) => console.log(`[e2e:electron] ${message}`);

/** Installs the .vsix with VS Code's own CLI into the profile, as `code --install-extension` would. */
function installVsix(executable, profile, vsix) {
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(executable, { reuseMachineInstall: true });
    const result = spawnSync(cli, [
        ...cliArgs,
        `--extensions-dir=${profile.extensionsDir}`,
        `--user-data-dir=${profile.userDataDir}`,
        '--install-extension', vsix,
    ], { encoding: 'utf8', shell: process.platform === 'win32' });
    if (result.status !== 0) {
        throw new Error(`'${cli} --install-extension ${vsix}' failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
    }
}

/** Ends VS Code (our direct children) when the deadline passes; VS Code ends its own children. */
function stopChildren() {
    if (process.platform !== 'linux') return;
    for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
        try {
            const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
            const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
            if (ppid === process.pid) process.kill(Number(pid), 'SIGTERM');
        } catch {
            // Gone already.
        }
    }
}

async function main() {
    const opts = parseRunOptions(USAGE);
    const profile = createProfile();
    const timer = setTimeout(() => {
        console.error(`[e2e:electron] FAILED: TIMED OUT after ${opts.timeoutMs} ms (start-up included)`);
        stopChildren();
        process.exit(124);
    }, opts.timeoutMs);
    try {
        const workspace = prepareWorkspace(opts.workspace, path.join(profile.dir, 'workspace'));
        const executable = process.env.VSCODE_EXECUTABLE_PATH ?? await downloadAndUnzipVSCode({
            version: process.env.VSCODE_VERSION ?? 'stable',
            cachePath: path.join(REPO_ROOT, '.tools', 'vscode-test'),
        });
        let developmentPath = opts.extension;
        if (opts.mode === 'vsix') {
            installVsix(executable, profile, opts.vsix);
            log(`installed ${shown(opts.vsix)} into ${profile.extensionsDir}`);
            developmentPath = writeTestHostExtension(path.join(profile.dir, 'test-host'));
        }
        log(`running ${shown(opts.tests)} in ${executable} (mode ${opts.mode})`);
        await runTests({
            vscodeExecutablePath: executable,
            extensionDevelopmentPath: developmentPath,
            extensionTestsPath: opts.tests,
            // The first launch argument is the folder VS Code opens.
            launchArgs: [
                workspace,
                `--user-data-dir=${profile.userDataDir}`,
                `--extensions-dir=${profile.extensionsDir}`,
            ],
            extensionTestsEnv: {
                NN_E2E_LAUNCHER: 'electron',
                NN_E2E_MODE: opts.mode,
                NN_E2E_EXTENSIONS_DIR: profile.extensionsDir,
                NN_E2E_WORKSPACE: workspace,
                NN_E2E_USER_DATA_DIR: profile.userDataDir,
            },
        });
        return 0;
    } catch (error) {
        if (error instanceof TestRunFailedError) {
            console.error(`[e2e:electron] FAILED: VS Code exited with ${error.code ?? error.signal}`);
            return typeof error.code === 'number' && error.code !== 0 ? error.code : 1;
        }
        console.error(`[e2e:electron] FAILED: ${error.stack ?? error}`);
        return 1;
    } finally {
        clearTimeout(timer);
        if (!opts.keep) fs.rmSync(profile.dir, { recursive: true, force: true });
        else log(`kept the profile at ${profile.dir}`);
    }
}

main().then((code) => process.exit(code));
