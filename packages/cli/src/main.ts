// The `nn` command (bundled to packages/cli/out/nn.mjs, started by bin/nn.js): dispatches to one
// module per command. Importing this module runs the CLI on process.argv.
import pkg from '../package.json' with { type: 'json' };
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, processIo, type Io } from './io.js';

interface Command {
    run(args: readonly string[], io: Io): Promise<number>;
    usage: string;
}

// Loaded on demand: `--help` and `--version` need not load Langium (and training, later, tfjs).
const COMMANDS: Record<string, () => Promise<Command>> = {
    check: async () => {
        const { runCheck, CHECK_USAGE } = await import('./check.js');
        return { run: runCheck, usage: CHECK_USAGE };
    },
    summary: async () => {
        const { runSummary, SUMMARY_USAGE } = await import('./summary.js');
        return { run: runSummary, usage: SUMMARY_USAGE };
    },
    train: async () => {
        const { runTrain, TRAIN_USAGE } = await import('./train.js');
        return { run: runTrain, usage: TRAIN_USAGE };
    },
    export: async () => {
        const { runExport, EXPORT_USAGE } = await import('./export.js');
        return { run: runExport, usage: EXPORT_USAGE };
    },
    import: async () => {
        const { runImport, IMPORT_USAGE } = await import('./import.js');
        return { run: runImport, usage: IMPORT_USAGE };
    }
};

export const USAGE = `nn ${pkg.version}: check and summarise .nn neural-network files

usage:
  nn check [--json] FILE...        report diagnostics (--json: also shapes and parameter counts)
  nn summary FILE [--model NAME]   print a Keras-style table of each model
  nn train FILE [options]          train a model; --json for one JSON object per epoch
  nn export --to T FILE [options]  PyTorch/Keras script of a .nn file; ONNX/safetensors of a trained run
  nn import FILE [-o OUT.nn]       a tfjs model.json, Keras .keras/.h5 or config.json as a .nn file
  nn <command> --help              help for one command
  nn --version                     print the version

exit status: 0 ok, 1 errors reported, 2 bad usage or unreadable file.`;

export async function main(argv: readonly string[], io: Io): Promise<number> {
    const [first, ...rest] = argv;
    let command: Command | undefined;
    try {
        if (first === undefined) throw new UsageError('no command given');
        if (first === '--help' || first === '-h' || first === 'help') {
            const topic = rest[0] === undefined ? undefined : commandNamed(rest[0]);
            if (rest[0] !== undefined && !topic) throw new UsageError(`unknown command '${rest[0]}'`);
            io.out(`${(await topic?.())?.usage ?? USAGE}\n`);
            return EXIT_OK;
        }
        if (first === '--version' || first === '-v') {
            io.out(`${pkg.version}\n`);
            return EXIT_OK;
        }
        if (first.startsWith('-')) throw new UsageError(`unknown option '${first}'`);
        const load = commandNamed(first);
        if (!load) throw new UsageError(`unknown command '${first}'`);
        command = await load();
        return await command.run(rest, io);
    } catch (error) {
        if (error instanceof UsageError) {
            io.err(`nn: ${error.message}\n\n${command?.usage ?? USAGE}\n`);
            return EXIT_USAGE;
        }
        // A bug, not a user mistake: the stack is what a bug report needs.
        io.err(`nn: internal error (please report it): ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
        return EXIT_ERRORS;
    }
}

function outputFailure(error: Error): string {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') return 'no space left on the device';
    if (code === 'EBADF') return 'stdout is closed';
    if (code === 'EIO') return 'input/output error';
    return code ?? error.message;
}

function commandNamed(name: string): (() => Promise<Command>) | undefined {
    return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}

// Output that cannot be written is the end of the command, not a bug: `nn check … | head` closes
// the pipe early (not a failure at all); `> /dev/full` or a vanished disk gets one line, no stack.
process.stdout.on('error', error => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
    process.stderr.write(`nn: cannot write the output: ${outputFailure(error)}\n`);
    process.exit(EXIT_USAGE);
});
// Nowhere left to say anything: end with the status the command had.
process.stderr.on('error', () => process.exit(process.exitCode ?? EXIT_ERRORS));
process.exitCode = await main(process.argv.slice(2), processIo);
