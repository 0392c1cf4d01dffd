import { UsageError } from './io.js';

export type OptionSpec = Record<string, { type: 'boolean' | 'string'; short?: string }>;

export interface ParsedArgs {
    options: Record<string, string | boolean | undefined>;
    positionals: string[];
}

/**
 * A small, strict parser for one command's arguments: `--flag`, `-f`, `--name value`,
 * `--name=value`, and `--` to end options. Anything else starting with `-` is an error, so a
 * typo never silently becomes a file name. A lone `-` is a positional.
 */
export function parseArgs(args: readonly string[], spec: OptionSpec): ParsedArgs {
    const options: ParsedArgs['options'] = {};
    const positionals: string[] = [];
    const byShort = new Map(Object.entries(spec).filter(([, s]) => s.short).map(([name, s]) => [s.short!, name]));
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '--') {
            positionals.push(...args.slice(i + 1));
            break;
        }
        if (!arg.startsWith('-') || arg === '-') {
            positionals.push(arg);
            continue;
        }
        const eq = arg.indexOf('=');
        const written = eq >= 0 ? arg.slice(0, eq) : arg;
        const name = written.startsWith('--') ? written.slice(2) : byShort.get(written.slice(1));
        const option = name !== undefined && Object.hasOwn(spec, name) ? spec[name] : undefined;
        if (!name || !option) throw new UsageError(`unknown option '${written}'`);
        if (option.type === 'boolean') {
            if (eq >= 0) throw new UsageError(`option '${written}' takes no value`);
            options[name] = true;
        } else if (eq >= 0) {
            options[name] = arg.slice(eq + 1);
        } else {
            const value = args[i + 1];
            if (value === undefined || (value.startsWith('-') && value !== '-')) throw new UsageError(`option '${written}' needs a value`);
            options[name] = value;
            i++;
        }
    }
    return { options, positionals };
}
