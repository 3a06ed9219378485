import type { ReportAgentRow } from '../../../shared/api/reports';
import { strings } from '../../common/strings';
import { formatDuration } from './reportFormat';

const s = strings.reports.agents;

/** Per agent: tickets resolved, public replies, first responses and their median. */
export function AgentTable({ agents }: { agents: ReportAgentRow[] }) {
  if (agents.length === 0) return <p className="hint">{s.empty}</p>;
  return (
    <div className="table-wrap">
      <table className="agent-table">
        <caption>{s.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{s.agent}</th>
            <th scope="col" className="num">{s.resolved}</th>
            <th scope="col" className="num">{s.replies}</th>
            <th scope="col" className="num">{s.firstResponses}</th>
            <th scope="col" className="num">{s.firstResponseMedian}</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((a) => (
            <tr key={a.userId}>
              <th scope="row">{a.name}</th>
              <td className="num">{a.resolved}</td>
              <td className="num">{a.publicReplies}</td>
              <td className="num">{a.firstResponses}</td>
              <td className="num">{formatDuration(a.firstResponseMedianSeconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
