/** Why an action is not offered now, beside where it would be (the API's reason, in words). */
export function NotAllowed({ reason, id }: { reason: string | null | undefined; id?: string }) {
  if (!reason) return null;
  return (
    <p className="not-allowed" id={id}>
      {reason}
    </p>
  );
}
