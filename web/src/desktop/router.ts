import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { installAuthGuard } from '@/router/guard'
import { installTitle } from '@/router/meta'
import AdminLayout from './layout/AdminLayout.vue'

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/LoginView.vue'),
    meta: { titleKey: 'nav.login', public: true, layout: 'blank' },
  },
  {
    path: '/',
    component: AdminLayout,
    children: [
      {
        path: '',
        name: 'home',
        component: () => import('@/views/home/HomeView.vue'),
        meta: { titleKey: 'nav.home', dark: true },
      },
      { path: 'duty', name: 'duty', component: () => import('@/views/duty/DutyView.vue'), meta: { titleKey: 'nav.duty' } },
      {
        path: 'resources',
        name: 'resources',
        component: () => import('@/views/resources/ResourcesView.vue'),
        meta: { titleKey: 'nav.resources' },
      },
      {
        path: 'monitoring',
        name: 'monitoring',
        component: () => import('@/views/monitoring/MonitoringView.vue'),
        meta: { titleKey: 'nav.monitoring' },
      },
      {
        path: 'analysis',
        name: 'analysis',
        component: () => import('@/views/analysis/AnalysisView.vue'),
        meta: { titleKey: 'nav.analysis' },
      },
      {
        path: 'command',
        name: 'command',
        component: () => import('@/views/command/CommandView.vue'),
        meta: { titleKey: 'nav.command' },
      },
      {
        path: 'review',
        name: 'review',
        component: () => import('@/views/review/ReviewView.vue'),
        meta: { titleKey: 'nav.review' },
      },
      {
        path: 'knowledge',
        name: 'knowledge',
        component: () => import('@/views/knowledge/KnowledgeView.vue'),
        meta: { titleKey: 'nav.knowledge' },
      },
      { path: 'admin', name: 'admin', component: () => import('@/views/admin/AdminView.vue'), meta: { titleKey: 'nav.admin' } },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/errors/NotFoundView.vue'),
        meta: { titleKey: 'nav.notFound' },
      },
    ],
  },
]

export function createDesktopRouter() {
  const router = createRouter({ history: createWebHistory('/'), routes })
  installAuthGuard(router)
  installTitle(router, 'app.name')
  return router
}
