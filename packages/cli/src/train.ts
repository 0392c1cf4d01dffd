import { EXIT_OK, EXIT_USAGE, type Io } from './io.js';

// Placeholder: the trainer's command replaces this file (same exports) once @nn-lang/training is ready.
// main.ts loads this module only for `nn train`. Load tfjs with `await import(...)` inside runTrain:
// a static import of an external (@tensorflow/*) is hoisted to the top of the bundle and would
// make every `nn check` load TensorFlow.

export const TRAIN_USAGE = `usage: nn train FILE [options]

Not yet available in this version: training from the command line is being built.
Meanwhile, \`nn check FILE\` checks the train blocks of FILE.`;

export async function runTrain(args: readonly string[], io: Io): Promise<number> {
    if (args.includes('--help') || args.includes('-h')) {
        io.out(`${TRAIN_USAGE}\n`);
        return EXIT_OK;
    }
    io.err('nn train: not yet available in this version (use `nn check FILE` to check train blocks)\n');
    return EXIT_USAGE;
}
