/** What the shared form fields say themselves. */
export const fieldStrings = {
  charactersLeft: (left: number) =>
    left < 0
      ? `${-left} character${left === -1 ? '' : 's'} too many`
      : `${left} character${left === 1 ? '' : 's'} left`,
};
