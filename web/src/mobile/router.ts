import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { installAuthGuard } from '@/router/guard'
import { installTitle } from '@/router/meta'

const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/tasks' },
  { path: '/tasks', name: 'tasks', component: () => import('./views/TasksView.vue'), meta: { titleKey: 'mnav.tasks' } },
  { path: '/report', name: 'report', component: () => import('./views/ReportView.vue'), meta: { titleKey: 'mnav.report' } },
  { path: '/map', name: 'map', component: () => import('./views/MapView.vue'), meta: { titleKey: 'mnav.map' } },
  {
    path: '/messages',
    name: 'messages',
    component: () => import('./views/MessagesView.vue'),
    meta: { titleKey: 'mnav.messages' },
  },
  { path: '/me', name: 'me', component: () => import('./views/MeView.vue'), meta: { titleKey: 'mnav.me' } },
  { path: '/:pathMatch(.*)*', redirect: '/tasks' },
]

export function createMobileRouter() {
  const router = createRouter({ history: createWebHistory('/m/'), routes })
  // The mobile app has no login page yet: it learns the session but never redirects.
  installAuthGuard(router, { requireLogin: false })
  installTitle(router, 'app.mobileName')
  return router
}
