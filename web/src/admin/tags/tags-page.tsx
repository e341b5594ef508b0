import { PlusOutlined, TagsOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Menu, Row, Skeleton } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { TagDetail } from './tag-detail';
import { TagNameDialog } from './tag-name-dialog';
import { useTags, type Tag } from './tags.queries';

export function TagsPage() {
  const { t } = useI18n();
  const tags = useTags();
  const [pickedId, setPickedId] = useState<number | null>(null);
  const [dialog, setDialog] = useState<{ tag: Tag | null } | null>(null);

  const list = tags.data ?? [];
  const selectedId = list.find((tag) => tag.id === pickedId)?.id ?? list[0]?.id ?? null;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={8} lg={6}>
        <Card
          size="small"
          title={t('nav.tags')}
          extra={
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => setDialog({ tag: null })}
              data-testid="tag-create"
            >
              {t('tags.create')}
            </Button>
          }
          styles={{ body: { padding: 4 } }}
        >
          {tags.isPending && <Skeleton active />}
          {tags.isSuccess && list.length === 0 && <Empty description={t('tags.emptyHint')} />}
          {list.length > 0 && (
            <Menu
              data-testid="tag-list"
              mode="inline"
              style={{ borderInlineEnd: 'none' }}
              selectedKeys={selectedId === null ? [] : [String(selectedId)]}
              onClick={({ key }) => setPickedId(Number(key))}
              items={list.map((tag) => ({ key: String(tag.id), icon: <TagsOutlined />, label: tag.name }))}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} md={16} lg={18}>
        {selectedId !== null ? (
          <TagDetail
            key={selectedId}
            tagId={selectedId}
            onRename={(tag) => setDialog({ tag })}
            onDeleted={() => setPickedId(null)}
          />
        ) : (
          <Card>
            <Empty description={t('tags.selectHint')} />
          </Card>
        )}
      </Col>
      {dialog && (
        <TagNameDialog tag={dialog.tag} onClose={() => setDialog(null)} onCreated={(tag) => setPickedId(tag.id)} />
      )}
    </Row>
  );
}
