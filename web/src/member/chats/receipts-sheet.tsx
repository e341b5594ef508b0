import { Button, Dialog, DotLoading, List, Popup, Toast } from 'antd-mobile';
import { useI18n } from '../../i18n/i18n-context';
import type { InboxItem } from '../sync';
import { describeError } from '../../shared/describe-error';
import { formatShortTime } from '../ui/format-time';
import { LoadError } from '../ui/page-states';
import { useReceipts, useRecall } from './chats.queries';

const RECALL_MS = 2 * 60 * 1000;

/** Who has read one's message and who has not (real names), with "recall" in the first two minutes. */
export function ReceiptsSheet({ item, onClose }: { item: InboxItem | null; onClose: () => void }) {
  const { t, locale } = useI18n();
  const receipts = useReceipts(item?.message.msgId ?? null);
  const recall = useRecall();
  // "Now" is when the receipts loaded (render stays pure); the server enforces the two minutes anyway.
  const canRecall =
    item !== null &&
    !item.message.recalled &&
    receipts.dataUpdatedAt > 0 &&
    receipts.dataUpdatedAt - item.message.createdAt < RECALL_MS;

  const confirmRecall = async () => {
    if (!item || !(await Dialog.confirm({ content: t('m.msg.recallConfirm') }))) return;
    recall.mutate(item.message.msgId, {
      onSuccess: () => {
        Toast.show({ content: t('m.msg.recallDone') });
        onClose();
      },
      onError: (error) => Toast.show({ icon: 'fail', content: describeError(error, t) }),
    });
  };

  const data = receipts.data;
  return (
    <Popup visible={item !== null} onMaskClick={onClose} onClose={onClose} bodyClassName="m-sheet" destroyOnClose>
      <div className="m-sheet-title">{t('m.receipts.title')}</div>
      {receipts.isPending ? (
        <div className="m-center">
          <DotLoading />
        </div>
      ) : receipts.isError ? (
        <LoadError error={receipts.error} onRetry={() => void receipts.refetch()} />
      ) : (
        <div className="m-receipts">
          <List header={t('m.receipts.read', { count: data?.read.length ?? 0 })} data-testid="receipts-read">
            {data?.read.map((r) => (
              <List.Item key={r.userId} extra={formatShortTime(r.readAt, locale)}>
                {r.name}
              </List.Item>
            ))}
          </List>
          <List header={t('m.receipts.unread', { count: data?.unread.length ?? 0 })} data-testid="receipts-unread">
            {data?.unread.map((r) => (
              <List.Item key={r.userId}>{r.name}</List.Item>
            ))}
          </List>
        </div>
      )}
      {canRecall && (
        <div className="m-sheet-actions">
          <Button block color="danger" fill="outline" loading={recall.isPending} onClick={() => void confirmRecall()}>
            {t('m.msg.recall')}
          </Button>
        </div>
      )}
    </Popup>
  );
}
