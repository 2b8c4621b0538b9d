import { beforeEach, describe, expect, it, vi } from 'vitest'
import { shallowRef } from 'vue'

const success = vi.fn()
vi.mock('element-plus', () => ({ ElMessage: { success: (text: string) => success(text) } }))
vi.mock('element-plus/es/components/message/style/css', () => ({}))

const { formValid, useEditDialog } = await import('./useEditDialog')
const { useEntityForm } = await import('./useEntityForm')

interface Thing {
  id: string
  name: string
  version: number
}
type Form = { name: string }

function setup(validate: () => Promise<boolean | undefined>) {
  const create = vi.fn<(f: Form) => Promise<Thing>>()
  const update = vi.fn<(id: string, body: Partial<Form> & { version: number }) => Promise<Thing>>()
  const state = useEntityForm<Thing, Form>({
    empty: () => ({ name: '' }),
    fromEntity: (t) => ({ name: t.name }),
    keys: ['name'],
    create,
    update,
    fetch: vi.fn(),
  })
  const form = { validate: vi.fn(validate), clearValidate: vi.fn() }
  const onSaved = vi.fn()
  const dialog = useEditDialog(state, {
    form: shallowRef(form),
    savedMessage: (saved, created) => `${created ? 'created' : 'saved'} ${saved.name}`,
    onSaved,
  })
  return { state, dialog, form, create, update, onSaved }
}

beforeEach(() => success.mockReset())

describe('formValid', () => {
  it('is true only when the rules pass: false when they fail, reject or there is no form', async () => {
    expect(await formValid({ validate: async () => true })).toBe(true)
    expect(await formValid({ validate: async () => false })).toBe(false)
    expect(await formValid({ validate: () => Promise.reject(new Error('name is required')) })).toBe(false)
    expect(await formValid(null)).toBe(false)
  })
})

describe('useEditDialog', () => {
  it('saves a new record when the rules pass, says so and hands it on as created', async () => {
    const { state, dialog, create, onSaved } = setup(async () => true)
    await dialog.openCreate({ name: '李四' })
    create.mockResolvedValue({ id: '8', name: '李四', version: 1 })
    const saved = await dialog.save()
    expect(saved?.id).toBe('8')
    expect(create).toHaveBeenCalledWith({ name: '李四' })
    expect(success).toHaveBeenCalledWith('created 李四')
    expect(onSaved).toHaveBeenCalledWith(saved, true)
    expect(state.visible.value).toBe(false)
  })

  it('hands an edited record on as not created', async () => {
    const { dialog, update, onSaved } = setup(async () => true)
    await dialog.openEdit({ id: '7', name: '张三', version: 3 })
    update.mockResolvedValue({ id: '7', name: '张三', version: 4 })
    await dialog.save()
    expect(success).toHaveBeenCalledWith('saved 张三')
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ version: 4 }), false)
  })

  it('sends nothing, says nothing and keeps the dialog open when a rule fails', async () => {
    const { state, dialog, create, onSaved } = setup(() => Promise.reject(new Error('phone is wrong')))
    await dialog.openCreate()
    expect(await dialog.save()).toBeNull()
    expect(create).not.toHaveBeenCalled()
    expect(success).not.toHaveBeenCalled()
    expect(onSaved).not.toHaveBeenCalled()
    expect(state.visible.value).toBe(true)
  })

  it('clears the messages under the fields each time the dialog opens', async () => {
    const { dialog, form } = setup(async () => true)
    await dialog.openCreate()
    await dialog.openEdit({ id: '7', name: '张三', version: 3 })
    expect(form.clearValidate).toHaveBeenCalledTimes(2)
  })

  it('frames EditDialog with the state: what the server said, the changed fields by label, dismiss and save', async () => {
    const { state, dialog, create } = setup(async () => true)
    await dialog.openCreate({ name: '李四' })
    state.failure.value = '服务器拒绝'
    state.conflict.value = true
    state.changedMeanwhile.value = ['name']
    expect(dialog.frame.value).toMatchObject({ saving: false, failure: '服务器拒绝', conflict: true, reloading: false })
    expect(dialog.frame.value.changedMeanwhile).toEqual(['名称'])
    dialog.frame.value.onDismiss()
    expect(state.failure.value).toBe('')
    create.mockResolvedValue({ id: '8', name: '李四', version: 1 })
    dialog.frame.value.onSave()
    await vi.waitFor(() => expect(create).toHaveBeenCalledWith({ name: '李四' }))
  })
})
