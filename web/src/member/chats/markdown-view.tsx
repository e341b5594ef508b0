import type { ReactNode } from 'react';
import { parseMarkdown, type Inline } from './markdown';

function renderInline(nodes: Inline[]): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.type) {
      case 'text':
        return node.text;
      case 'code':
        return <code key={i}>{node.text}</code>;
      case 'bold':
        return <strong key={i}>{renderInline(node.children)}</strong>;
      case 'italic':
        return <em key={i}>{renderInline(node.children)}</em>;
      case 'link':
        return (
          <a key={i} href={node.href} target="_blank" rel="noopener noreferrer">
            {renderInline(node.children)}
          </a>
        );
      case 'color':
        return (
          <span key={i} className={`m-md-${node.color}`}>
            {renderInline(node.children)}
          </span>
        );
    }
  });
}

/** Renders app markdown from parsed tokens: React elements only, never an HTML string. */
export function MarkdownView({ source }: { source: string }) {
  return (
    <div className="m-md">
      {parseMarkdown(source).map((block, i) => {
        switch (block.type) {
          case 'heading':
            return (
              <div key={i} className={`m-md-h m-md-h${block.level}`}>
                {renderInline(block.children)}
              </div>
            );
          case 'quote':
            return (
              <blockquote key={i} className="m-md-quote">
                {renderInline(block.children)}
              </blockquote>
            );
          case 'item':
            return (
              <div key={i} className="m-md-item">
                <span className="m-md-marker">{block.marker}</span>
                <span>{renderInline(block.children)}</span>
              </div>
            );
          case 'paragraph':
            return <p key={i}>{renderInline(block.children)}</p>;
          case 'blank':
            return <div key={i} className="m-md-blank" />;
        }
      })}
    </div>
  );
}
