create or replace function public.order_total(p_order uuid)
returns integer
language sql
stable
set search_path = ''
begin atomic
  select coalesce(sum(quantity * unit_price_cents), 0)::integer
  from public.order_items where order_id = p_order;
end;

create or replace function public.issue_api_key()
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  raw text := encode(extensions.gen_random_bytes(24), 'base64');
begin
  insert into public.api_keys (owner_id, key_hash)
  values (auth.uid(), encode(extensions.digest(raw, 'sha256'), 'hex'));
  return raw;
end;
$$;

revoke execute on function public.issue_api_key() from public, anon;
grant execute on function public.issue_api_key() to authenticated;

create view public.order_summaries with (security_invoker = on) as
  select o.id, o.customer_id, o.status, public.order_total(o.id) as total_cents
  from public.orders o;

alter publication supabase_realtime add table public.orders;
