import { chineseName, seeded } from './lib.js';

/** A department CSV (WeCom's 部门名称,部门ID,父部门ID,排序) of `count` departments: 40 top-level, the rest under them. */
export function departmentCsv(count: number): string {
  const lines = ['部门名称,部门ID,父部门ID,排序'];
  for (let i = 0; i < count; i += 1) {
    const id = i + 2;
    const parent = i < 40 ? 1 : 2 + (i % 40);
    lines.push(`部门${id},${id},${parent},${count - i}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A member CSV in WeCom's batch format: `count` members spread over departments 2..departments+1. */
export function memberCsv(count: number, departments: number): string {
  const random = seeded(20261125);
  const lines = ['姓名,帐号,手机号,邮箱,所在部门,职位,性别'];
  for (let i = 0; i < count; i += 1) {
    const department = 2 + (i % departments);
    const second = random() < 0.1 ? `;${2 + ((i * 7) % departments)}` : '';
    lines.push(
      `${chineseName(random)},u${i},1${String(3000000000 + i)},u${i}@bench.example,${department}${second === `;${department}` ? '' : second},工程师,${random() < 0.5 ? '男' : '女'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
