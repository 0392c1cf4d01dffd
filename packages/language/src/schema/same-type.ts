/**
 * Compile-time proof that a schema's inferred type is the type it stands for: both assign to
 * each other and have the same keys (so an optional field added on one side is caught too).
 * `Proven<SameType<A, B>>` fails to compile as soon as the two drift apart, naming the difference.
 */
type Keys<T> = T extends unknown ? keyof T : never;

export type SameType<A, B> = [A] extends [B]
    ? [B] extends [A]
        ? [Keys<A>] extends [Keys<B>]
            ? [Keys<B>] extends [Keys<A>]
                ? true
                : { missingFromFirst: Exclude<Keys<B>, Keys<A>> }
            : { missingFromSecond: Exclude<Keys<A>, Keys<B>> }
        : { secondNotAssignableToFirst: B }
    : { firstNotAssignableToSecond: A };

/** Compiles only when `T` is `true`. */
export type Proven<T extends true> = T;
