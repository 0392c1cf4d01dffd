/**
 * Reading a message on arrival: either the message, as its schema parsed it, or why it was
 * refused, with whatever could still be told about it (its `type` and `runId`), so the receiver
 * can log it and, for the end of a run, end the run instead of waiting forever.
 */
import * as v from 'valibot';
import { backendPreferenceSchema, hostMessageSchema, webviewMessageSchema, type BackendPreference, type HostMessage, type WebviewMessage } from './messages.js';

export type Read<T> = { ok: true; message: T } | { ok: false; problem: string; type?: string; runId?: string };

/** At most this much of a refusal's details goes to a log. */
const MAX_PROBLEM = 600;

export function reader<T>(schema: v.GenericSchema<unknown, T>): (input: unknown) => Read<T> {
    return input => {
        const result = v.safeParse(schema, input);
        if (result.success) return { ok: true, message: result.output };
        const envelope = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
        const problem = v.summarize(result.issues).replace(/\s*\n\s*/g, ' ');
        return {
            ok: false,
            problem: problem.length > MAX_PROBLEM ? `${problem.slice(0, MAX_PROBLEM)}…` : problem,
            type: typeof envelope.type === 'string' ? envelope.type.slice(0, 40) : undefined,
            runId: typeof envelope.runId === 'string' ? envelope.runId.slice(0, 200) : undefined
        };
    };
}

/** What arrives on the view's `window.onmessage` (VS Code posts its own messages there too). */
export const readHostMessage = reader(hostMessageSchema);
/** What arrives at the host from the view. */
export const readWebviewMessage = reader(webviewMessageSchema);

export const isHostMessage = (input: unknown): input is HostMessage => v.is(hostMessageSchema, input);
export const isWebviewMessage = (input: unknown): input is WebviewMessage => v.is(webviewMessageSchema, input);
export const isBackendPreference = (input: unknown): input is BackendPreference => v.is(backendPreferenceSchema, input);
