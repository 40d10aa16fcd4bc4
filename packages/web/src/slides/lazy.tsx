import { useEffect, useState } from 'preact/hooks';
import type { MeetingSession } from '../meeting/session.ts';

type StageModule = typeof import('./stage.tsx');

/**
 * The slides' place in the meeting: nothing until a presentation is shown or a presenter opens
 * their presentations; then the view (with pdf.js) is loaded, once.
 */
export function SlidesArea(props: { session: MeetingSession; manage: boolean; onCloseManager: () => void }) {
  const [stage, setStage] = useState<StageModule | null>(null);
  const wanted = props.manage || props.session.slides.shown.value !== null;
  useEffect(() => {
    if (wanted && !stage) void import('./stage.tsx').then(setStage);
  }, [wanted, stage]);
  if (!wanted || !stage) return null;
  return <stage.SlidesStage session={props.session} manage={props.manage} onCloseManager={props.onCloseManager} />;
}
