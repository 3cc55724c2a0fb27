// The three plain states every list shows before (or instead of) its rows.

export function Loading() {
  return (
    <p className="state" data-testid="loading">
      加载中…
    </p>
  );
}

export function ErrorMessage({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert" data-testid="error">
      <span>出错了：{message}</span>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          重试
        </button>
      )}
    </div>
  );
}

export function Empty({ text = '暂无数据' }: { text?: string }) {
  return (
    <p className="state" data-testid="empty">
      {text}
    </p>
  );
}
