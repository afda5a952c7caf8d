import { mount, type Component } from 'svelte';
import { readBootstrap, type Bootstrap, type Page } from './bootstrap.ts';
import { keepFrameSized } from './frame-resize.ts';
import { keepSessionFresh } from './session-keeper.ts';
import { common } from './strings.ts';
import './theme.css';

/**
 * The whole of a page entry: read the bootstrap the server rendered, then mount the page
 * into `#app`. A bad bootstrap shows a message instead of a blank frame. Either way the LMS is
 * asked to size its frame to the page (lti.frameResize).
 */
export function mountPage(
  page: Page,
  component: Component<{ bootstrap: Bootstrap }>,
  documentTitle: string,
  doc: Document = document,
): void {
  const target = doc.getElementById('app');
  if (!target) throw new Error('The page shell has no #app element.');
  // The page lives as long as its frame: nothing ever needs to stop these.
  const signal = new AbortController().signal;
  if (doc.defaultView) keepFrameSized(doc.defaultView, signal);
  let bootstrap: Bootstrap;
  try {
    bootstrap = readBootstrap(doc, page);
  } catch (error) {
    console.error(error);
    const heading = doc.createElement('h1');
    heading.textContent = documentTitle;
    const message = doc.createElement('p');
    message.setAttribute('role', 'alert');
    message.textContent = common.startFailed;
    target.replaceChildren(heading, message);
    return;
  }
  doc.title = bootstrap.context.title ? `${documentTitle} – ${bootstrap.context.title}` : documentTitle;
  mount(component, { target, props: { bootstrap } });
  keepSessionFresh(bootstrap, { signal });
}
