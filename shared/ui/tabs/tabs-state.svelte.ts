/**
 * A tablist with automatic activation (WAI-ARIA APG "Tabs"): one tab in the Tab order,
 * Left/Right (wrapping), Home and End move focus and select. The state owns the roles,
 * `aria-*` and key handling; the component spreads `tabProps`/`panelProps`.
 */
export class TabsState<T extends string> {
  readonly #tabs: readonly T[];
  readonly #prefix: string;
  #selected = $state<T>() as T;
  #chosen = $state(false);

  constructor(prefix: string, tabs: readonly T[], initial: T) {
    this.#prefix = prefix;
    this.#tabs = tabs;
    this.#selected = initial;
  }

  get tabs(): readonly T[] {
    return this.#tabs;
  }
  get selected(): T {
    return this.#selected;
  }
  /** True once the person picked a tab themselves; the page then never switches tabs on its own. */
  get chosenByUser(): boolean {
    return this.#chosen;
  }

  tabId(tab: T): string {
    return `${this.#prefix}-tab-${tab}`;
  }
  panelId(tab: T): string {
    return `${this.#prefix}-panel-${tab}`;
  }

  /** Selects a tab on the page's behalf (e.g. the review queue once it turns out to have items). */
  suggest(tab: T): void {
    if (!this.#chosen) this.#selected = tab;
  }

  select(tab: T): void {
    this.#selected = tab;
    this.#chosen = true;
  }

  tabProps(tab: T) {
    const selected = this.#selected === tab;
    return {
      id: this.tabId(tab),
      role: 'tab',
      type: 'button',
      'aria-selected': selected,
      'aria-controls': this.panelId(tab),
      tabindex: selected ? 0 : -1,
      onclick: () => this.select(tab),
      onkeydown: (event: KeyboardEvent) => this.#onKeydown(event, tab),
    } as const;
  }

  panelProps(tab: T) {
    return {
      id: this.panelId(tab),
      role: 'tabpanel',
      'aria-labelledby': this.tabId(tab),
      tabindex: 0,
      hidden: this.#selected !== tab,
    } as const;
  }

  #onKeydown(event: KeyboardEvent, tab: T): void {
    const index = this.#tabs.indexOf(tab);
    const last = this.#tabs.length - 1;
    const targets: Record<string, number> = {
      ArrowRight: index === last ? 0 : index + 1,
      ArrowLeft: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    };
    const target = targets[event.key];
    if (target === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    const next = this.#tabs[target];
    if (next === undefined) return;
    this.select(next);
    const element = event.currentTarget instanceof Element ? event.currentTarget.ownerDocument : document;
    element.getElementById(this.tabId(next))?.focus();
  }
}
