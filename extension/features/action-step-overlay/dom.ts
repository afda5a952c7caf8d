type Attributes = Record<string, string | true | undefined>;

/**
 * One element from a tag, attributes and children. Strings become text nodes, so text from a
 * coach or teacher is never parsed as HTML, and nothing here needs a Trusted Types policy.
 */
export function h<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  attributes: Attributes = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[Tag] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children);
  return element;
}
