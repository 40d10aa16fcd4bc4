import type { CollabAccess } from '@moot/protocol/plain';
import { t, type MessageKey } from '../i18n/index.ts';
import { COLORS, type ColorName, type Tool } from './model.ts';

const TOOLS: Tool[] = ['pen', 'highlighter', 'rectangle', 'ellipse', 'line', 'arrow', 'text', 'eraser'];

export interface ToolbarProps {
  tool: Tool;
  color: ColorName;
  canDraw: boolean;
  canUndo: boolean;
  canRedo: boolean;
  onTool: (tool: Tool) => void;
  onColor: (color: ColorName) => void;
  onUndo: () => void;
  onRedo: () => void;
  onSavePng: () => void;
  onSavePdf: () => void;
}

/** The board's tools, colours, undo and redo, and its exports. */
export function Toolbar(props: ToolbarProps) {
  const { canDraw } = props;
  return (
    <div class="board-tools" role="toolbar" aria-label={t('board.tools')}>
      {TOOLS.map((name) => (
        <button key={name} type="button" aria-pressed={props.tool === name} disabled={!canDraw} onClick={() => props.onTool(name)}>
          {t(`board.tool.${name}` as MessageKey)}
        </button>
      ))}
      <span class="board-colors" role="group" aria-label={t('board.colors')}>
        {(Object.keys(COLORS) as ColorName[]).map((name) => (
          <button
            key={name}
            type="button"
            class="board-color"
            style={{ background: COLORS[name] }}
            aria-label={t(`board.color.${name}` as MessageKey)}
            title={t(`board.color.${name}` as MessageKey)}
            aria-pressed={props.color === name}
            disabled={!canDraw}
            onClick={() => props.onColor(name)}
          />
        ))}
      </span>
      <button type="button" disabled={!canDraw || !props.canUndo} onClick={props.onUndo}>
        {t('board.undo')}
      </button>
      <button type="button" disabled={!canDraw || !props.canRedo} onClick={props.onRedo}>
        {t('board.redo')}
      </button>
      <button type="button" onClick={props.onSavePng}>
        {t('board.export')}
      </button>
      <button type="button" onClick={props.onSavePdf}>
        {t('board.exportPdf')}
      </button>
    </div>
  );
}

/** A moderator's choice of who may draw. */
export function AccessChoice(props: { access: CollabAccess; onChange: (access: CollabAccess) => void }) {
  return (
    <span class="board-access">
      <label for="board-access">{t('board.whoMayDraw')}</label>{' '}
      <select id="board-access" value={props.access} onChange={(event) => props.onChange((event.currentTarget as HTMLSelectElement).value as CollabAccess)}>
        <option value="everyone">{t('collab.everyone')}</option>
        <option value="moderators">{t('board.moderatorsAndPresenters')}</option>
      </select>
    </span>
  );
}
