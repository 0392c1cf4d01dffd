/** Where a command writes, so tests can run commands in-process and read what they printed. */
export interface Io {
    out(text: string): void;
    err(text: string): void;
}

export const processIo: Io = {
    out: text => { process.stdout.write(text); },
    err: text => { process.stderr.write(text); }
};

/** Exit codes, the same for every command. */
export const EXIT_OK = 0;
/** The checker reported at least one error. */
export const EXIT_ERRORS = 1;
/** Bad command line, or a file that cannot be read: nothing was checked. */
export const EXIT_USAGE = 2;

/** A mistake on the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}
