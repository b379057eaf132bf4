/**
 * Required method chains, after sshd's AuthenticationMethods (`auth2.c`
 * `auth2_update_methods_lists`, `auth2_method_allowed`): a method may be used
 * when it heads some remaining chain; its success removes it from the head of
 * every chain it heads; authentication completes when a chain empties.
 */
export class MethodLists {
  #lists: string[][] | undefined;

  /** @param lists - the chains, or undefined for "any one method suffices" */
  constructor(lists: readonly (readonly string[])[] | undefined) {
    if (lists !== undefined) {
      if (lists.length === 0 || lists.some((l) => l.length === 0 || l.includes('none')))
        throw new RangeError('authenticationMethods: each chain needs at least one method other than none');
      this.#lists = lists.map((l) => [...l]);
    }
  }

  /** Whether `method` may be tried now (before filtering by what is supported). */
  allows(method: string): boolean {
    return this.#lists === undefined || this.#lists.some((l) => l[0] === method);
  }

  /**
   * Records a success of `method`.
   * @returns true when authentication is complete, false on partial success
   */
  succeeded(method: string): boolean {
    if (this.#lists === undefined) return true;
    let complete = false;
    for (const list of this.#lists) {
      if (list[0] !== method) continue;
      list.shift();
      if (list.length === 0) complete = true;
    }
    return complete;
  }
}
