/**
 * A small Disposable base (after VS Code's markdown-language-features `util/dispose.ts`): every
 * subscription a class makes goes through `_register`, and disposing the object disposes them all,
 * last registered first.
 */
import type * as vscode from 'vscode';

export interface IDisposable {
  dispose(): void;
}

/** Disposes every item, last first; one failing does not stop the others (the first error is rethrown). */
export function disposeAll(disposables: Iterable<IDisposable>): void {
  const errors: unknown[] = [];
  for (const d of [...disposables].reverse()) {
    try {
      d.dispose();
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length) throw errors[0];
}

export abstract class Disposable implements vscode.Disposable {
  private _isDisposed = false;
  protected _disposables: IDisposable[] = [];

  dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    const ds = this._disposables;
    this._disposables = [];
    disposeAll(ds);
  }

  /** Keeps `value` to be disposed with this object (disposed at once if this object already is). */
  protected _register<T extends IDisposable>(value: T): T {
    if (this._isDisposed) value.dispose();
    else this._disposables.push(value);
    return value;
  }

  protected get isDisposed(): boolean {
    return this._isDisposed;
  }
}

/** A disposable from a function (like vscode.Disposable, without importing vscode). */
export function toDisposable(fn: () => void): IDisposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      fn();
    },
  };
}
