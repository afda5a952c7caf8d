/**
 * The deep-linking picker's enhancements (/lti/deep-linking/picker.js, lti/deep-linking/
 * deep-linking-routes.ts). The page works without them: the server keeps the ticks across
 * searches and answers an empty pick with the picker again. With them, the page says how many
 * choices are ticked (those the search hides included) as they change, and refuses an empty
 * "Add to course" before it leaves the page: the message in the alert, focus on the first choice.
 */

const selectedText = (count: number) => (count === 0 ? 'Nothing selected yet' : `${count} selected`);

function enhance(form: HTMLFormElement): void {
  const count = form.querySelector<HTMLElement>('#selected-count');
  const error = form.querySelector<HTMLElement>('#pick-error');
  const choices = () => [...form.querySelectorAll<HTMLInputElement>('input[name="activity"]')];
  const ticked = () => choices().filter((input) => input.checked).length;

  let shown = '';
  const update = () => {
    const text = selectedText(ticked());
    // Written only when it changes: every write to a live region is read out.
    if (count && text !== shown) {
      count.textContent = shown = text;
      count.hidden = false;
    }
    if (error && error.textContent !== '' && ticked() > 0) error.textContent = '';
  };

  form.addEventListener('change', update);
  // A page restored from the back-forward cache keeps its ticks but runs no script again.
  window.addEventListener('pageshow', update);
  form.addEventListener('submit', (event) => {
    const submitter = event.submitter;
    if (!(submitter instanceof HTMLButtonElement) || submitter.value !== 'add' || ticked() > 0) return;
    event.preventDefault();
    if (error) error.textContent = form.dataset.emptyMessage ?? '';
    choices()[0]?.focus();
  });
  update();
}

const picker = document.querySelector<HTMLFormElement>('form.picker');
if (picker) enhance(picker);
