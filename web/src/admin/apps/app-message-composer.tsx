import { Alert, Button, Checkbox, Flex, Form, Input, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { useI18n, type Translate } from '../../i18n/i18n-context';
import { ApiError } from '../api';
import { DepartmentSelect, MemberPicker } from '../directory';
import { describeError } from '../../shared/describe-error';
import { formatTime } from '../ui/format-time';
import { NearFields, nearOf, SendAtField, type MessageOptionValues } from './app-message-options';
import {
  useSendAppMessage,
  useTagOptions,
  type ComposerMsgType,
  type SendMessageInput,
  type SendMessageResult,
} from './apps.queries';
import { useScheduleMessage } from './schedules.queries';

const HTTP_URL = /^https?:\/\/\S+$/i;

interface ComposerValues extends MessageOptionValues {
  all: boolean;
  userIds?: string[];
  departmentIds?: number[];
  tagIds?: number[];
  msgType: ComposerMsgType;
  content?: string;
  title?: string;
  description?: string;
  url?: string;
  confidential: boolean;
}

type InvalidLists = Partial<Pick<SendMessageResult, 'invalidUserIds' | 'invalidDepartmentIds' | 'invalidTagIds'>>;

function toInput(values: ComposerValues): SendMessageInput {
  const audience = values.all
    ? { all: true }
    : { userIds: values.userIds ?? [], departmentIds: values.departmentIds ?? [], tagIds: values.tagIds ?? [] };
  const payload: Record<string, string> =
    values.msgType === 'textcard'
      ? {
          title: values.title?.trim() ?? '',
          description: values.description?.trim() ?? '',
          url: values.url?.trim() ?? '',
        }
      : { content: values.content ?? '' };
  const near = nearOf(values);
  return {
    audience: near ? { ...audience, near } : audience,
    msgType: values.msgType,
    payload,
    confidential: values.confidential,
  };
}

/** Writes a text, markdown or text card message and sends it as the app to everyone or to chosen recipients. */
export function AppMessageComposer({ agentId }: { agentId: number }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<ComposerValues>();
  const send = useSendAppMessage(agentId);
  const tags = useTagOptions();
  const schedule = useScheduleMessage(agentId);
  const [result, setResult] = useState<SendMessageResult | null>(null);
  const [scheduledAt, setScheduledAt] = useState<number | null>(null);
  const useNear = Form.useWatch('useNear', form) ?? false;
  const all = Form.useWatch('all', form) ?? true;
  const msgType = Form.useWatch('msgType', form) ?? 'text';

  const submit = (values: ComposerValues) => {
    setResult(null);
    setScheduledAt(null);
    send.reset();
    schedule.reset();
    const sendAt = values.sendAt?.valueOf();
    if (sendAt === undefined) send.mutate(toInput(values), { onSuccess: setResult });
    else schedule.mutate({ ...toInput(values), sendAt }, { onSuccess: () => setScheduledAt(sendAt) });
  };

  const required = { required: true, whitespace: true, message: t('form.required') };
  const audienceRule = {
    validator: () => {
      const v = form.getFieldsValue(['userIds', 'departmentIds', 'tagIds']) as Partial<ComposerValues>;
      const chosen = [v.userIds, v.departmentIds, v.tagIds].some((list) => (list?.length ?? 0) > 0);
      return chosen ? Promise.resolve() : Promise.reject(new Error(t('messages.audienceRequired')));
    },
  };

  return (
    <Form<ComposerValues>
      form={form}
      name="app-message"
      layout="vertical"
      initialValues={{ all: true, msgType: 'text', confidential: false, useNear: false }}
      onFinish={submit}
      data-testid="message-composer"
    >
      <Form.Item label={t('messages.audience')} style={{ marginBottom: all ? undefined : 8 }}>
        <Form.Item name="all" valuePropName="checked" noStyle>
          <Checkbox data-testid="message-audience-all">{t('messages.all')}</Checkbox>
        </Form.Item>
      </Form.Item>
      {!all && (
        <>
          <Form.Item
            name="userIds"
            label={t('apps.scopeMembers')}
            rules={[audienceRule]}
            dependencies={['departmentIds', 'tagIds']}
          >
            <MemberPicker testId="message-audience-members" />
          </Form.Item>
          <Form.Item name="departmentIds" label={t('apps.scopeDepartments')}>
            <DepartmentSelect<number[]> multiple testId="message-audience-departments" />
          </Form.Item>
          <Form.Item name="tagIds" label={t('apps.scopeTags')}>
            <Select<number[]>
              mode="multiple"
              data-testid="message-audience-tags"
              loading={tags.isPending}
              options={(tags.data ?? []).map((tag) => ({ value: tag.id, label: tag.name }))}
              optionFilterProp="label"
              placeholder={t('apps.scopeTags')}
            />
          </Form.Item>
        </>
      )}
      <NearFields enabled={useNear} />
      <Form.Item name="msgType" label={t('messages.type')}>
        <Radio.Group
          optionType="button"
          data-testid="message-type"
          options={[
            { value: 'text', label: t('messages.type.text') },
            { value: 'markdown', label: t('messages.type.markdown') },
            { value: 'textcard', label: t('messages.type.textcard') },
          ]}
        />
      </Form.Item>
      {msgType === 'textcard' ? (
        <>
          <Form.Item name="title" label={t('messages.title')} rules={[required, { max: 128 }]}>
            <Input data-testid="message-title" />
          </Form.Item>
          <Form.Item name="description" label={t('messages.description')} rules={[required, { max: 512 }]}>
            <Input.TextArea rows={3} data-testid="message-description" />
          </Form.Item>
          <Form.Item
            name="url"
            label={t('messages.url')}
            rules={[required, { pattern: HTTP_URL, message: t('apps.urlHint') }]}
          >
            <Input placeholder="https://" data-testid="message-url" />
          </Form.Item>
        </>
      ) : (
        <Form.Item name="content" label={t('messages.content')} rules={[required, { max: 2048 }]}>
          <Input.TextArea rows={4} showCount maxLength={2048} data-testid="message-content" />
        </Form.Item>
      )}
      <Form.Item name="confidential" valuePropName="checked">
        <Checkbox data-testid="message-confidential">{t('messages.confidential')}</Checkbox>
      </Form.Item>
      <SendAtField />
      <Flex vertical gap="small">
        {scheduledAt !== null && (
          <Alert
            type="success"
            showIcon
            title={t('messages.scheduledFor', { time: formatTime(scheduledAt, locale) })}
            data-testid="message-scheduled"
          />
        )}
        {schedule.isError && (
          <Alert
            type="error"
            showIcon
            title={t('messages.sendFailed')}
            description={describeError(schedule.error, t)}
            data-testid="message-error"
          />
        )}
        {result && (
          <Alert
            type={hasInvalid(result) ? 'warning' : 'success'}
            showIcon
            title={t('messages.sent', { count: result.recipients })}
            description={<InvalidList lists={result} t={t} />}
            data-testid="message-result"
          />
        )}
        {send.isError && (
          <Alert
            type="error"
            showIcon
            title={t('messages.sendFailed')}
            description={
              <>
                <div>{describeError(send.error, t)}</div>
                <InvalidList lists={invalidOf(send.error)} t={t} />
              </>
            }
            data-testid="message-error"
          />
        )}
        <div>
          <Button
            type="primary"
            htmlType="submit"
            loading={send.isPending || schedule.isPending}
            data-testid="message-send"
          >
            {t('messages.send')}
          </Button>
        </div>
      </Flex>
    </Form>
  );
}

function hasInvalid(lists: InvalidLists): boolean {
  return [lists.invalidUserIds, lists.invalidDepartmentIds, lists.invalidTagIds].some((l) => (l?.length ?? 0) > 0);
}

/** The invalid recipients the server reports beside an "all invalid" refusal. */
function invalidOf(error: unknown): InvalidLists {
  if (!(error instanceof ApiError) || typeof error.details !== 'object' || error.details === null) return {};
  return error.details as InvalidLists;
}

function InvalidList({ lists, t }: { lists: InvalidLists; t: Translate }) {
  if (!hasInvalid(lists)) return null;
  const rows = [
    { key: 'messages.invalidUsers' as const, items: lists.invalidUserIds ?? [] },
    { key: 'messages.invalidDepartments' as const, items: lists.invalidDepartmentIds ?? [] },
    { key: 'messages.invalidTags' as const, items: lists.invalidTagIds ?? [] },
  ].filter((row) => row.items.length > 0);
  return (
    <Flex vertical data-testid="message-invalid">
      {rows.map((row) => (
        <Typography.Text key={row.key}>{t(row.key, { items: row.items.join(', ') })}</Typography.Text>
      ))}
    </Flex>
  );
}
