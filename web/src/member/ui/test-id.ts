/**
 * antd-mobile's inputs put extra attributes on their wrapper; browser tests need the id on the native
 * <input>/<textarea> itself so `fill` works. Pass the result as the component's `ref`.
 */
export function nativeTestId(id: string) {
  return (handle: { nativeElement: HTMLElement | null } | null) => {
    handle?.nativeElement?.setAttribute('data-testid', id);
  };
}
