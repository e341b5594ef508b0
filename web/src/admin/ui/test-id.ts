/** A `data-testid` for props objects (okButtonProps, menu items…) whose types don't list data-* attributes. */
export function testId(id: string): object {
  return { 'data-testid': id };
}
