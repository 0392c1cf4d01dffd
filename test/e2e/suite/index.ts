// Entry point that VS Code's extension host loads from `extensionTestsPath` (bundled to
// out/test/suite.cjs). VS Code awaits `run()`: a rejection becomes a non-zero exit code.
import Mocha from 'mocha';
import { log } from './output.js';
import { testFiles } from './testFiles.js';

export async function run(): Promise<void> {
    // Every reporter line goes through this; see output.ts for why it is marked.
    Mocha.reporters.Base.consoleLog = log;
    const mocha = new Mocha({
        ui: 'bdd',
        // The extension host's output is plain text forwarded through the workbench log.
        color: false,
        reporter: 'spec',
        // A cold Langium server start in a real VS Code takes seconds; individual tests wait
        // on conditions with their own, tighter timeouts.
        timeout: Number(process.env.NN_E2E_TEST_TIMEOUT_MS ?? 60_000),
        grep: process.env.NN_E2E_GREP || undefined,
    });
    // Test files are bundled, not loaded from disk, so the `describe`/`it` context that
    // mocha normally installs while requiring each file is installed here before each import.
    for (const { name, load } of testFiles) {
        mocha.suite.emit('pre-require', globalThis, name, mocha);
        const exports = await load();
        mocha.suite.emit('require', exports, name, mocha);
        mocha.suite.emit('post-require', globalThis, name, mocha);
    }
    const failures = await new Promise<number>((resolve) => mocha.run(resolve));
    if (failures > 0) {
        throw new Error(`${failures} extension-host test(s) failed`);
    }
}
