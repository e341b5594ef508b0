import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Locale, translate, type Translate } from '../i18n/i18n-context';
import { describeError, describeErrorCode, describeField } from './describe-error';
import { ApiError } from './http';

const t =
  (locale: Locale): Translate =>
  (key, vars) =>
    translate(locale, key, vars);
const apiError = (status: number, code: string, message: string, details?: unknown) =>
  new ApiError(status, { code, message, details });

describe('describeError', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows the translation of the code, with its details, not the server message', () => {
    const error = apiError(409, 'department.has_members', 'this department still has 3 member(s)', { members: 3 });
    expect(describeError(error, t('zh'))).toBe('这个部门还有 3 名成员，请先将成员移出');
    expect(describeError(error, t('en'))).toBe('This department still has 3 member(s); move them out first');
    expect(describeError(apiError(401, 'admin.bad_credentials', 'email or password is wrong'), t('zh'))).toBe(
      '邮箱或密码错误',
    );
  });

  it('names a field as the form calls it and joins lists', () => {
    const field = apiError(400, 'member.invalid_field', 'position may be at most 128 characters', {
      field: 'position',
    });
    expect(describeError(field, t('zh'))).toBe('职位填写不正确');
    const tags = apiError(400, 'app.scope_unknown_tags', 'unknown tags: 7, 9', { tagIds: [7, 9] });
    expect(describeError(tags, t('zh'))).toBe('可见范围中有不存在的标签：7、9');
    expect(describeError(tags, t('en'))).toBe('The visible scope names tags that do not exist: 7, 9');
  });

  it('falls back to a translated message for the status, and logs the server message', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(describeError(apiError(403, 'nobody.knows', 'you may not'), t('zh'))).toBe('你没有权限进行这项操作');
    expect(describeError(apiError(404, 'not_found', 'GET /api/x does not exist'), t('en'))).toBe(
      'It does not exist or was deleted',
    );
    expect(describeError(apiError(500, 'internal', 'something went wrong on our side'), t('zh'))).toBe(
      '服务器出错了，请稍后重试',
    );
    expect(describeError(apiError(422, 'http_422', 'Unprocessable'), t('zh'))).toBe('提交的内容有误，请检查后重试');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('you may not'));
  });

  it('falls back when the translation needs a detail the error lacks', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bare = apiError(409, 'department.has_members', 'this department still has members');
    expect(describeError(bare, t('zh'))).toBe('与现有内容冲突，请刷新后重试');
  });

  it('reads a network failure and a non-API error in the chosen language', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(describeError(apiError(0, 'network_error', 'Network error'), t('zh'))).toBe('网络错误，请检查连接后重试');
    expect(describeError(new TypeError('x is undefined'), t('zh'))).toBe('出错了，请重试');
  });
});

describe('describeErrorCode', () => {
  it('translates an import row by its code and field', () => {
    expect(describeErrorCode('member.invalid_mobile', { field: 'mobile' }, t('zh'))).toBe('手机号格式不正确');
    expect(describeErrorCode('member.invalid_field', { field: 'gender' }, t('zh'))).toBe('性别填写不正确');
    expect(describeErrorCode('no.such_code', {}, t('zh'))).toBeUndefined();
    expect(describeField('userid', t('zh'))).toBe('帐号');
    expect(describeField('something_new', t('zh'))).toBe('something_new');
  });
});
