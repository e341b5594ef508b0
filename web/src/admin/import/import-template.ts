/** Header of the member import CSV (WeCom's current template, matched by name on the server). */
export const TEMPLATE_HEADER = '姓名,帐号,手机号,邮箱,所在部门,职位,性别,是否部门内领导,排序,别名,地址,座机,禁用';

/** 所在部门 takes department ids separated by ";" (the root department is 1). */
const EXAMPLE_ROW = '张三,zhangsan,13800000000,zhangsan@example.com,1,工程师,男,0,0,小张,,,0';

function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A UTF-8 CSV with BOM so that spreadsheet programs open the Chinese header correctly. */
export function downloadTemplate(): void {
  const csv = `\uFEFF${TEMPLATE_HEADER}\r\n${EXAMPLE_ROW}\r\n`;
  downloadBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), 'members-template.csv');
}
