import { List } from 'antd-mobile';
import { NameAvatar } from '../chats/conversation-avatar';
import { navigate } from '../layout/member-route';
import type { MemberCard } from './contacts.queries';

export function MemberListItem({ member }: { member: MemberCard }) {
  const subtitle = [member.position, member.kind === 'external' ? member.externalCorpName : '']
    .filter(Boolean)
    .join(' · ');
  return (
    <List.Item
      data-testid={`member-item-${member.userId}`}
      prefix={<NameAvatar name={member.name} imageUrl={member.avatar || undefined} size={36} />}
      description={subtitle || undefined}
      onClick={() => navigate({ name: 'member', userId: member.userId })}
    >
      {member.name}
    </List.Item>
  );
}
