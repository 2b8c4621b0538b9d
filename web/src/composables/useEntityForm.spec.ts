import { describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { ApiError } from '@/api/http'
import { useEntityForm } from './useEntityForm'

interface Thing {
  id: string
  name: string
  phone: string
  roles: string[]
  version: number
}
type Form = { name: string; phone: string; roles: string[] }

const thing: Thing = { id: '7', name: '张三', phone: '13800000001', roles: ['viewer'], version: 3 }

function setup() {
  const create = vi.fn<(f: Form) => Promise<Thing>>()
  const update = vi.fn<(id: string, body: Partial<Form> & { version: number }) => Promise<Thing>>()
  const fetch = vi.fn<(id: string) => Promise<Thing>>()
  const state = useEntityForm<Thing, Form>({
    empty: () => ({ name: '', phone: '', roles: [] }),
    fromEntity: (t) => ({ name: t.name, phone: t.phone, roles: [...t.roles] }),
    keys: ['name', 'phone', 'roles'],
    create,
    update,
    fetch,
  })
  return { state, create, update, fetch }
}

const ok = async () => true

describe('useEntityForm', () => {
  it('creates with the whole form and closes', async () => {
    const { state, create } = setup()
    state.openCreate({ roles: ['viewer'] })
    expect(state.visible.value).toBe(true)
    Object.assign(state.form, { name: '李四', phone: '13900000002' })
    create.mockResolvedValue({ ...thing, id: '8' })
    expect(await state.save(ok)).toMatchObject({ id: '8' })
    expect(create).toHaveBeenCalledWith({ name: '李四', phone: '13900000002', roles: ['viewer'] })
    expect(state.visible.value).toBe(false)
  })

  it('does not call the server when validation fails', async () => {
    const { state, create } = setup()
    state.openCreate()
    expect(await state.save(async () => false)).toBeNull()
    expect(create).not.toHaveBeenCalled()
  })

  it('patches only the changed fields with the version', async () => {
    const { state, update } = setup()
    state.openEdit(thing)
    state.form.name = '张三丰'
    update.mockResolvedValue({ ...thing, name: '张三丰', version: 4 })
    await state.save(ok)
    expect(update).toHaveBeenCalledWith('7', { name: '张三丰', version: 3 })
  })

  it('puts a field refusal under the field, keeps the input, and clears it on edit', async () => {
    const { state, create } = setup()
    state.openCreate()
    Object.assign(state.form, { name: '王五', phone: '13900000003' })
    create.mockRejectedValue(new ApiError({ status: 409, code: 'conflict', message: 'phone taken', field: 'phone' }))
    expect(await state.save(ok)).toBeNull()
    expect(state.visible.value).toBe(true)
    expect(state.errors.phone).toContain('手机号')
    expect(state.failure.value).toBe('')
    expect(state.form.phone).toBe('13900000003')
    state.form.phone = '13900000004'
    await nextTick()
    expect(state.errors.phone).toBe('')
  })

  it('shows a refusal without a field above the form', async () => {
    const { state, create } = setup()
    state.openCreate()
    create.mockRejectedValue(new ApiError({ status: 403, code: 'forbidden', message: 'outside jurisdiction' }))
    await state.save(ok)
    expect(state.failure.value).not.toBe('')
    expect(state.conflict.value).toBe(false)
  })

  it('on a stale version, reloads the latest and keeps what the user typed', async () => {
    const { state, update, fetch } = setup()
    state.openEdit(thing)
    state.form.name = '张三（改）'
    update.mockRejectedValueOnce(new ApiError({ status: 409, code: 'conflict', message: 'version mismatch' }))
    await state.save(ok)
    expect(state.conflict.value).toBe(true)
    expect(state.visible.value).toBe(true)

    // Meanwhile someone else changed the phone and the name.
    fetch.mockResolvedValue({ ...thing, name: '张三（他人）', phone: '13800000009', version: 5 })
    await state.reloadLatest()
    expect(state.conflict.value).toBe(false)
    expect(state.changedMeanwhile.value.sort()).toEqual(['name', 'phone'])
    expect(state.form.name).toBe('张三（改）') // the user's edit wins where they made one
    expect(state.form.phone).toBe('13800000009') // their change is taken where the user made none

    update.mockResolvedValue({ ...thing, version: 6 })
    await state.save(ok)
    expect(update).toHaveBeenLastCalledWith('7', { name: '张三（改）', version: 5 })
  })
})
